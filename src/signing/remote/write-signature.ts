/**
 * Appends one signature layer to an image's `sha256-<hex>.sig` manifest.
 *
 * Why not a simple read-modify-write: the OCI distribution spec has no compare-and-swap
 * for tags (no `If-Match` on manifest PUT; distribution, Harbor, ECR and GHCR all simply
 * replace the tag), so two signers that read the same manifest and each push it with
 * their layer added leave only the last writer's layer (sigstore/cosign#2432). Signet
 * therefore writes, waits a short random "settle" delay, reads the tag back, and if its
 * layer is gone merges it into what is there now and writes again, a bounded number of
 * times. The random delay desynchronises signers that started together, so each one's
 * check sees the others' writes. This narrows the race to a window of one read+write
 * against one check; it cannot close it without server support.
 * A write the registry refuses because it raced another on the tag
 * (isRacingTagWriteRefusal) is a lost write too.
 */
import { errorFactory, isSignetError } from '../../core/errors.js';
import { MediaType, type Descriptor } from '../../oci/manifest/index.js';
import { formatReference, type ImageReference } from '../../oci/reference/index.js';
import { isRacingTagWriteRefusal, type RegistryClient } from '../../oci/remote/index.js';
import { SIGNATURE_STORE_ERRORS } from './errors.js';
import {
  EMPTY_JSON,
  hasLayer,
  signatureManifestFromBytes,
  withLayer,
  type SignatureManifestJson,
} from './signature-manifest.js';

const fail = errorFactory(SIGNATURE_STORE_ERRORS);

export interface WriteOptions {
  /**
   * Settle delay range in ms. 100–400 ms: longer than one manifest GET+PUT on a typical
   * registry (tens of ms), so a concurrent signer's rewrite lands before we check.
   */
  readonly settleMs?: readonly [number, number];
  /** Writes attempted before giving up; five covers a burst of several parallel signers. */
  readonly maxWrites?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface WriteResult {
  /** Digest of the `.sig` manifest that holds the layer, as last read. */
  readonly manifestDigest: string;
  /** The identical signature was already there; nothing was written. */
  readonly alreadyPresent: boolean;
  readonly writes: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `tagRef` is the `.sig` tag in the signature repository; `payload` is the layer blob. */
export async function appendSignatureLayer(
  client: RegistryClient,
  tagRef: ImageReference,
  payload: Uint8Array,
  layer: Descriptor,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const [low, high] = options.settleMs ?? [100, 400];
  const maxWrites = options.maxWrites ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  await client.putBlob(tagRef, EMPTY_JSON);
  await client.putBlob(tagRef, payload);
  let writes = 0;
  for (;;) {
    const current = await readSignatureManifest(client, tagRef);
    if (hasLayer(current?.manifest, layer)) {
      return { manifestDigest: current!.digest, alreadyPresent: writes === 0, writes };
    }
    if (writes >= maxWrites) {
      throw fail(
        'SIGNATURE_WRITE_LOST',
        `the signature for ${formatReference(tagRef)} was overwritten by other signers ${writes} times; run the signing again`,
        { temporary: true },
      );
    }
    const next = withLayer(current?.manifest, layer);
    if (next === 'full') {
      throw fail(
        'SIGNATURE_MANIFEST_FULL',
        `${formatReference(tagRef)} already holds ${current?.manifest.layers.length} signatures; remove old ones before signing again`,
      );
    }
    const mediaType = typeof next.mediaType === 'string' ? next.mediaType : MediaType.OciManifest;
    try {
      await client.putManifest(tagRef, new TextEncoder().encode(JSON.stringify(next)), mediaType);
    } catch (error) {
      if (!isRacingTagWriteRefusal(error)) throw error;
    }
    writes += 1;
    await sleep(low + random() * (high - low));
  }
}

/** The `.sig` manifest at `tagRef`, or undefined when the tag does not exist yet. */
export async function readSignatureManifest(
  client: RegistryClient,
  tagRef: ImageReference,
): Promise<{ digest: string; manifest: SignatureManifestJson } | undefined> {
  try {
    const fetched = await client.getManifest(tagRef);
    return { digest: fetched.digest, manifest: signatureManifestFromBytes(fetched.bytes) };
  } catch (error) {
    if (isSignetError(error) && error.code === 'REGISTRY_NOT_FOUND') return undefined;
    throw error;
  }
}
