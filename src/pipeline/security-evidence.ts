/**
 * Gathers what SecurityPolicies judge beyond signatures, for `signet check` and deploy-time
 * checks: the image configuration (creation time, user, labels; for an index, the
 * linux/amd64 image or else the first), and whether an SBOM is attached (a referrer or
 * `.sbom` tag classified as an SBOM, or an SPDX/CycloneDX attestation). Signatures and
 * attestations stay lazy: the policy engine asks for them through PolicyEvidence.
 *
 * Registry failures propagate, so that the caller can retry and, in the end, report the
 * image as not evaluated: missing evidence is never a pass.
 */
import { discoverAttachments } from '../signing/remote/index.js';
import { summariseConfig } from '../oci/inspect/index.js';
import { withDigest, type ImageReference } from '../oci/reference/index.js';
import type { RegistryClient } from '../oci/remote/index.js';
import type { PolicyEvidence } from '../policy/index.js';
import type { ImageConfigFacts, SbomFacts, SecurityEvidence } from '../policy/security/index.js';
import type { VulnerabilityReport } from '../signing/sbom/index.js';

/** Image configs are small JSON documents; 8 MiB leaves room for long histories (as inspect). */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

const SBOM_PREDICATES = ['https://spdx.dev/Document', 'https://cyclonedx.org/bom'];

export interface SecurityEvidenceOptions {
  readonly client: RegistryClient;
  /** The image, pinned by the digest it resolved to. */
  readonly image: ImageReference & { readonly digest: string };
  readonly registry: PolicyEvidence;
  /** A report given on the command line; undefined leaves vulnerability criteria failing. */
  readonly vulnerabilities?: VulnerabilityReport;
}

export async function gatherSecurityEvidence(
  options: SecurityEvidenceOptions,
): Promise<SecurityEvidence> {
  const [config, sbom] = await Promise.all([
    readConfigFacts(options.client, options.image),
    findSbom(options.client, options.image),
  ]);
  return {
    registry: options.registry,
    ...(config === undefined ? {} : { config }),
    ...(sbom === undefined ? {} : { sbom }),
    ...(options.vulnerabilities === undefined ? {} : { vulnerabilities: options.vulnerabilities }),
  };
}

async function readConfigFacts(
  client: RegistryClient,
  image: ImageReference & { readonly digest: string },
): Promise<ImageConfigFacts | undefined> {
  let fetched = await client.getManifest(image);
  if (fetched.parsed.kind === 'index') {
    const children = fetched.parsed.manifest.manifests;
    const chosen =
      children.find((c) => c.platform?.os === 'linux' && c.platform.architecture === 'amd64') ??
      children[0];
    if (chosen === undefined) return undefined;
    fetched = await client.getManifest(withDigest(image, chosen.digest));
  }
  if (fetched.parsed.kind !== 'image') return undefined;
  const { config, layers } = fetched.parsed.manifest;
  const bytes = await client.readBlob(image, config.digest, MAX_CONFIG_BYTES);
  const summary = summariseConfig(config.mediaType, bytes, layers);
  return {
    labels: summary.labels ?? {},
    ...(summary.created === undefined ? {} : { created: summary.created }),
    ...(summary.user === undefined ? {} : { user: summary.user }),
  };
}

async function findSbom(
  client: RegistryClient,
  image: ImageReference & { readonly digest: string },
): Promise<SbomFacts | undefined> {
  const tree = await discoverAttachments(client, image);
  for (const attachment of tree.attachments) {
    const where =
      attachment.tag === undefined ? `referrer ${attachment.digest}` : `tag ${attachment.tag}`;
    if (attachment.kind === 'sbom') return { source: where };
    const attested = attachment.items.find(
      (i) => i.predicateType !== undefined && SBOM_PREDICATES.includes(i.predicateType),
    );
    if (attested !== undefined)
      return { source: `${attested.predicateType} attestation in ${where}` };
    if (attachment.items.some((i) => i.kind === 'sbom')) return { source: where };
  }
  return undefined;
}
