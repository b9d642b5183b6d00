/**
 * Reads an image's attestations in both layouts for `verify-attestation` and `download
 * attestation`: the DSSE layers of the `sha256-<hex>.att` tag (cosign v2), and the Sigstore
 * bundles attached as referrers (cosign v3) through signing/remote's one bundle reader.
 * Bytes come back unverified; blob reads are bounded and checked against their digest by
 * the registry client. An unreadable attestation becomes a problem, not a failure: the
 * others may verify.
 */
import { describeError, isSignetError } from '../../core/errors.js';
import { attachmentTag } from '../../oci/attachments/index.js';
import { withTag, type ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { parseSigstoreBundle } from '../bundle/index.js';
import { CosignMediaType } from '../cosign/index.js';
import { fetchSignatureBundles } from '../remote/index.js';
import { MAX_SIGNATURE_LAYERS } from '../verify/index.js';
import { MAX_STATEMENT_BYTES } from '../intoto/index.js';
import type { AttestationCandidate } from './verify-attestations.js';

/** An envelope holds the statement in base64: 4/3 of the statement bound, and some JSON. */
const MAX_ENVELOPE_BYTES = Math.ceil((MAX_STATEMENT_BYTES * 4) / 3) + 64 * 1024;

/** What a fetcher keeps with a candidate, for the log checks and `download attestation`. */
export type AttestationSource =
  | { readonly layout: 'legacy'; readonly annotations: Readonly<Record<string, string>> }
  | {
      readonly layout: 'bundle';
      readonly bundle: Uint8Array;
      /** `bundle` as parsed once by the fetcher: keyless verification reads it all. */
      readonly json: unknown;
      readonly tlogEntries: readonly unknown[];
    };

export interface FetchedAttestations {
  readonly candidates: readonly AttestationCandidate[];
  readonly problems: readonly string[];
}

/** `image` pinned by digest; `store` is where attachments live (the image's repository by default). */
export async function fetchAttestations(
  client: RegistryClient,
  image: ImageReference & { digest: string },
  store: ImageReference = { registry: image.registry, repository: image.repository },
): Promise<FetchedAttestations> {
  const problems: string[] = [];
  const legacy = await legacyCandidates(client, image, store, problems);
  const subject = { registry: store.registry, repository: store.repository, digest: image.digest };
  const bundles = await fetchSignatureBundles(client, subject);
  const fromBundles: AttestationCandidate[] = [];
  for (const b of bundles) {
    const source = `bundle ${b.manifestDigest}`;
    if (b.problem !== undefined) {
      problems.push(`${source}: ${b.problem}`);
      continue;
    }
    try {
      const parsed = parseSigstoreBundle(b.bytes, source);
      if (parsed.envelope === undefined) continue;
      const extra: AttestationSource = {
        layout: 'bundle',
        bundle: b.bytes,
        json: parsed.json,
        tlogEntries: parsed.tlogEntryJson,
      };
      fromBundles.push({ source, envelope: parsed.envelope, extra });
    } catch (error) {
      problems.push(describeError(error));
    }
  }
  return { candidates: [...legacy, ...fromBundles], problems };
}

async function legacyCandidates(
  client: RegistryClient,
  image: ImageReference & { digest: string },
  store: ImageReference,
  problems: string[],
): Promise<AttestationCandidate[]> {
  const tag = withTag(store, attachmentTag(image.digest, 'att'));
  let manifest;
  try {
    manifest = await client.getManifest(tag);
  } catch (error) {
    if (isSignetError(error) && error.code === 'REGISTRY_NOT_FOUND') return [];
    throw error;
  }
  if (manifest.parsed.kind !== 'image') {
    problems.push(`${tag.tag} is an index, not an attestation manifest`);
    return [];
  }
  const layers = manifest.parsed.manifest.layers.filter(
    (l) => l.mediaType === CosignMediaType.DsseEnvelope,
  );
  if (layers.length > MAX_SIGNATURE_LAYERS)
    problems.push(
      `${layers.length} attestation layers; only the first ${MAX_SIGNATURE_LAYERS} were read`,
    );
  const out: AttestationCandidate[] = [];
  for (const [index, layer] of layers.slice(0, MAX_SIGNATURE_LAYERS).entries()) {
    const source = `.att layer ${index + 1}`;
    try {
      const envelope = await client.readBlob(store, layer.digest, MAX_ENVELOPE_BYTES);
      const extra: AttestationSource = { layout: 'legacy', annotations: layer.annotations ?? {} };
      out.push({ source, envelope, extra });
    } catch (error) {
      if (isSignetError(error) && error.category === 'internal') throw error;
      problems.push(`${source}: ${describeError(error)}`);
    }
  }
  return out;
}
