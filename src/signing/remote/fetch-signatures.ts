/**
 * Reads an image's signatures from a registry in both layouts (anchors "Implementation
 * notes": verifiers that read only one layout are the first source of breakage):
 * the legacy `sha256-<hex>.sig` tag, and Sigstore bundles listed as referrers (referrers
 * API, or the referrers tag schema on registries without it). Everything read here is
 * attacker-controlled; every blob is bounded and checked against its digest by the client.
 */
import { describeError } from '../../core/errors.js';
import {
  formatReference,
  withDigest,
  withTag,
  type ImageReference,
} from '../../oci/reference/index.js';
import { attachmentTag } from '../../oci/attachments/index.js';
import { MediaType, type Descriptor } from '../../oci/manifest/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { BUNDLE_V03_MEDIA_TYPE, MAX_BUNDLE_BYTES } from '../bundle/index.js';
import { CosignMediaType, MAX_PAYLOAD_BYTES, type SignatureLayer } from '../cosign/index.js';
import { MAX_SIGNATURE_LAYERS } from '../verify/index.js';
import type { BundleSignature, LegacySignatures, SignatureSet } from './signature-set.js';
import { readSignatureManifest } from './write-signature.js';

/** Bundles read per image: cosign adds one per signing; more than this is hostile. */
export const MAX_BUNDLES = 100;
/** Blob reads in flight per image: enough to hide latency, few enough to be polite. */
const READ_CONCURRENCY = 8;

export interface SignatureLocation {
  readonly registry: string;
  readonly repository: string;
}

/**
 * Which layouts to read. Each costs round trips on a cold verification: the legacy `.sig`
 * manifest and its payloads; the referrers list (and, on registries without the referrers
 * API, the tag-schema index) and each bundle. A caller that will not use one layout (cosign
 * `verify --new-bundle-format=false`, a policy whose signatureFormat names one) skips it.
 */
export type SignatureLayouts = 'both' | 'legacy' | 'bundles';

export interface FetchSignaturesOptions {
  /** Where signatures are stored when not beside the image (`--signature-repository`, COSIGN_REPOSITORY). */
  readonly signatureRepository?: SignatureLocation;
  /** Default both. */
  readonly layouts?: SignatureLayouts;
}

/** `image` must carry its digest (resolve tags first). */
export async function fetchSignatures(
  client: RegistryClient,
  image: ImageReference,
  options: FetchSignaturesOptions = {},
): Promise<SignatureSet> {
  const imageDigest = image.digest;
  if (imageDigest === undefined) throw new TypeError('fetchSignatures needs a digest reference');
  const repo: ImageReference = options.signatureRepository ?? {
    registry: image.registry,
    repository: image.repository,
  };
  const problems: string[] = [];
  const layouts = options.layouts ?? 'both';
  const [legacy, bundles] = await Promise.all([
    layouts === 'bundles'
      ? undefined
      : fetchLegacySignatures(client, withTag(repo, attachmentTag(imageDigest, 'sig')), problems),
    layouts === 'legacy' ? [] : fetchBundles(client, withDigest(repo, imageDigest), problems),
  ]);
  return { imageDigest, ...(legacy === undefined ? {} : { legacy }), bundles, problems };
}

/**
 * The layers of a legacy `.sig` tag (`tagRef`), payloads read for signature layers only,
 * at most MAX_SIGNATURE_LAYERS, READ_CONCURRENCY at a time. A payload that cannot be read
 * (missing, oversized, wrong digest) becomes an empty payload and a line in `problems`, so
 * that one junk layer never hides the valid signatures beside it. Undefined: no such tag.
 */
export async function fetchLegacySignatures(
  client: RegistryClient,
  tagRef: ImageReference,
  problems: string[],
): Promise<LegacySignatures | undefined> {
  const found = await readSignatureManifest(client, tagRef);
  if (found === undefined) return undefined;
  const reference = formatReference(tagRef);
  const descriptors = found.manifest.layers.slice(0, MAX_SIGNATURE_LAYERS);
  const layers = await mapBounded(descriptors, async (d, i): Promise<SignatureLayer> => {
    const annotations = stringRecord(d.annotations);
    const mediaType = typeof d.mediaType === 'string' ? d.mediaType : '';
    // Only signature payloads are read: other layers are reported as skipped anyway.
    if (mediaType !== CosignMediaType.SimpleSigning)
      return { mediaType, payload: new Uint8Array(), annotations };
    try {
      return {
        mediaType,
        payload: await client.readBlob(tagRef, d.digest, MAX_PAYLOAD_BYTES),
        annotations,
      };
    } catch (error) {
      problems.push(
        `${reference} layer ${i + 1}: payload ${String(d.digest)} unreadable: ${describeError(error)}`,
      );
      return { mediaType, payload: new Uint8Array(), annotations };
    }
  });
  return { reference, manifestDigest: found.digest, layers };
}

/**
 * The bundle referrers of `subject`. cosign v2 writes its entries in the referrers tag
 * schema index with the config's media type (`application/vnd.oci.empty.v1+json`) as
 * artifactType instead of the manifest's, so such entries (and entries without one) are
 * candidates too; their manifest's own artifactType decides.
 */
async function fetchBundles(
  client: RegistryClient,
  subject: ImageReference,
  problems: string[],
): Promise<BundleSignature[]> {
  const { descriptors } = await client.getReferrers(subject);
  const candidates = descriptors.filter((d) => MAYBE_BUNDLE.has(d.artifactType ?? ''));
  if (candidates.length > MAX_BUNDLES)
    problems.push(`${candidates.length} bundles attached; only the first ${MAX_BUNDLES} were read`);
  const fetched = await mapBounded(candidates.slice(0, MAX_BUNDLES), (d) =>
    fetchBundle(client, subject, d),
  );
  return fetched.filter((b): b is BundleSignature => b !== undefined);
}

const MAYBE_BUNDLE = new Set([BUNDLE_V03_MEDIA_TYPE, MediaType.OciEmpty, '']);

/** The bundle a referrer holds; undefined when a candidate turns out to be another artifact. */
async function fetchBundle(
  client: RegistryClient,
  subject: ImageReference,
  descriptor: Descriptor,
): Promise<BundleSignature | undefined> {
  const ref = withDigest(
    { registry: subject.registry, repository: subject.repository },
    descriptor.digest,
  );
  const reference = formatReference(ref);
  try {
    const fetched = await client.getManifest(ref);
    if (fetched.parsed.kind !== 'image') {
      if (descriptor.artifactType !== BUNDLE_V03_MEDIA_TYPE) return undefined;
      throw new Error('is an index, not a bundle manifest');
    }
    const manifest = fetched.parsed.manifest;
    if (
      descriptor.artifactType !== BUNDLE_V03_MEDIA_TYPE &&
      manifest.artifactType !== BUNDLE_V03_MEDIA_TYPE
    )
      return undefined;
    const layer = manifest.layers.find((l) => l.mediaType === BUNDLE_V03_MEDIA_TYPE);
    if (layer === undefined) throw new Error(`has no ${BUNDLE_V03_MEDIA_TYPE} layer`);
    const bytes = await client.readBlob(ref, layer.digest, MAX_BUNDLE_BYTES);
    return { reference, manifestDigest: fetched.digest, bytes };
  } catch (error) {
    return {
      reference,
      manifestDigest: descriptor.digest,
      bytes: new Uint8Array(),
      problem: describeError(error),
    };
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

async function mapBounded<T, R>(
  items: readonly T[],
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
  return out;
}

/**
 * Only the Sigstore bundles attached to `subject` (pinned by digest) as referrers, for
 * callers that read the tag layout themselves (the policy engine's evidence, which honours
 * a source's tag prefix).
 */
export function fetchSignatureBundles(
  client: RegistryClient,
  subject: ImageReference,
): Promise<BundleSignature[]> {
  return fetchBundles(client, subject, []);
}
