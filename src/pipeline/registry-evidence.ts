/**
 * The policy engine's evidence read from a registry, shared by `signet policy test`, the
 * admission webhook and the CI gate, in the one layout each request names: cosign's tag
 * layout (`[prefix]sha256-<hex>.sig` and `.att` in the signature repository, one layer per
 * signature or attestation) or Sigstore bundles attached as referrers (signatures, and the
 * DSSE envelopes of attestations). Bytes come back unverified apart from their blob
 * digests; the engine verifies them.
 *
 * It sits in the pipeline, outside the policy module, so that the policy engine stays pure:
 * the engine asks for evidence through PolicyEvidence and never fetches by itself.
 */
import { isSignetError } from '../core/errors.js';
import { attachmentTag, type TagSuffix } from '../oci/attachments/index.js';
import type { ImageReference } from '../oci/reference/index.js';
import type { RegistryClient } from '../oci/remote/index.js';
import { CosignMediaType, type SignatureLayer } from '../signing/cosign/index.js';
import { fetchLegacySignatures, fetchSignatureBundles } from '../signing/index.js';
import { publicGoodTrustedRoot } from '../signing/trust/index.js';
import { MAX_SIGNATURE_LAYERS } from '../signing/verify/index.js';
import { listNotationSignatures } from '../signing/notation/registry-signatures.js';
import {
  bundleAttestations,
  type AttestationEnvelope,
  type PolicyEvidence,
  type SignatureSource,
} from '../policy/index.js';

/** An attestation envelope; SBOM attestations run to megabytes, beyond this is hostile. */
const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;

export type RegistryOperation = 'manifest' | 'blob' | 'referrers';

export interface RegistryEvidenceOptions {
  readonly client: RegistryClient;
  /** The PEM public key held by the secret a policy's `key.secretRef` names. */
  readonly readSecret: (name: string) => Promise<string>;
  /** Told of every registry call, for metrics. */
  readonly onRegistryCall?: (operation: RegistryOperation) => void;
}

export function registryEvidence(options: RegistryEvidenceOptions): PolicyEvidence {
  const { client } = options;
  const count = options.onRegistryCall ?? (() => undefined);
  const blob = (repo: ImageReference, digest: string, max: number) => {
    count('blob');
    return client.readBlob(repo, digest, max);
  };
  const bundlesOf = async (image: ImageReference, source: SignatureSource) => {
    count('referrers');
    const subject = { ...source.repository, digest: image.digest as string };
    const bundles = await fetchSignatureBundles(client, subject);
    return bundles.filter((b) => b.problem === undefined).map((b) => b.bytes);
  };
  return {
    async fetchSignatures(image, source) {
      // Only the layout the authority reads: referrers are listed only for bundle authorities.
      if (source.format === 'bundle')
        return { format: 'bundle', bundles: await bundlesOf(image, source) };
      // The one reader of `.sig` tags, with verify's limits: every layer up to
      // MAX_SIGNATURE_LAYERS, an unreadable payload left empty (it then fails to verify)
      // instead of failing the image.
      const tag = source.tagPrefix + attachmentTag(image.digest as string, 'sig');
      count('manifest');
      const legacy = await fetchLegacySignatures(client, { ...source.repository, tag }, []);
      const layers: SignatureLayer[] = (legacy?.layers ?? []).filter(
        (layer) => layer.mediaType === CosignMediaType.SimpleSigning,
      );
      for (const _ of layers) count('blob');
      return { format: 'legacy', layers };
    },
    async fetchAttestations(image, source, predicateType) {
      if (source.format === 'bundle') {
        return bundleAttestations(await bundlesOf(image, source));
      }
      const layers = await attachmentLayers(
        options,
        image,
        source,
        'att',
        CosignMediaType.DsseEnvelope,
      );
      // The annotation is unsigned: it only saves downloads, the engine checks the statement.
      const wanted = layers.filter(
        (l) => (l.annotations?.['predicateType'] ?? predicateType) === predicateType,
      );
      // An unreadable envelope is left out rather than failing the image: the others may
      // satisfy the policy, and a missing one is judged as absent.
      const read = await Promise.all(
        wanted.map(async (layer): Promise<AttestationEnvelope | undefined> => {
          try {
            const envelope = await blob(source.repository, layer.digest, MAX_ENVELOPE_BYTES);
            return { envelope, annotations: layer.annotations ?? {} };
          } catch (error) {
            if (isSignetError(error) && error.category !== 'internal') return undefined;
            throw error;
          }
        }),
      );
      return read.filter((e): e is AttestationEnvelope => e !== undefined);
    },
    readSecret: (name) => options.readSecret(name),
    // Keyless authorities without a TrustRoot trust the public good; read once per process.
    publicGoodTrustedRoot,
    async fetchNotationSignatures(image) {
      count('referrers');
      // Unreadable referrers are left out (judged as absent), as for Sigstore bundles.
      const listed = await listNotationSignatures(client, image);
      for (const _ of listed.envelopes) count('blob');
      return listed.envelopes;
    },
  };
}

async function attachmentLayers(
  options: RegistryEvidenceOptions,
  image: ImageReference,
  source: SignatureSource,
  suffix: TagSuffix,
  mediaType: string,
) {
  const tag = source.tagPrefix + attachmentTag(image.digest as string, suffix);
  let manifest;
  try {
    options.onRegistryCall?.('manifest');
    manifest = await options.client.getManifest({ ...source.repository, tag });
  } catch (error) {
    if (isSignetError(error) && error.code === 'REGISTRY_NOT_FOUND') return [];
    throw error;
  }
  if (manifest.parsed.kind !== 'image') return [];
  return manifest.parsed.manifest.layers
    .filter((l) => l.mediaType === mediaType)
    .slice(0, MAX_SIGNATURE_LAYERS);
}
