/**
 * Pushes a Sigstore bundle as an OCI 1.1 referrer of the image, in the manifest shape
 * cosign v3 writes (cosign pkg/oci/remote/write.go, anchors B2): artifactType the bundle
 * media type, the empty `{}` config, one layer holding the bundle JSON, the image as
 * `subject`. On registries without the referrers API the client maintains the referrers
 * tag index, a read-modify-write with the same race as `.sig` manifests (see
 * write-signature.ts), so the listing is read back and the push repeated when missing.
 */
import { digestOf } from '../../core/digest.js';
import { MediaType, type Descriptor, type ImageManifest } from '../../oci/manifest/index.js';
import { withDigest, type ImageReference } from '../../oci/reference/index.js';
import { isRacingTagWriteRefusal, type RegistryClient } from '../../oci/remote/index.js';
import { BUNDLE_V03_MEDIA_TYPE } from '../bundle/index.js';
import { EMPTY_JSON } from './signature-manifest.js';

export const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';
export const BUNDLE_PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

export interface ConfirmedPushOptions {
  readonly maxPushes?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PushBundleOptions extends ConfirmedPushOptions {
  readonly predicateType: string;
  readonly created?: Date;
}

export function bundleReferrerManifest(
  subject: Descriptor,
  bundle: Uint8Array,
  predicateType: string,
  created: Date,
): ImageManifest {
  return {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType: BUNDLE_V03_MEDIA_TYPE,
    config: {
      mediaType: MediaType.OciEmpty,
      artifactType: BUNDLE_V03_MEDIA_TYPE,
      digest: digestOf(EMPTY_JSON),
      size: EMPTY_JSON.length,
    },
    layers: [{ mediaType: BUNDLE_V03_MEDIA_TYPE, digest: digestOf(bundle), size: bundle.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: {
      [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope',
      [BUNDLE_PREDICATE_ANNOTATION]: predicateType,
    },
  };
}

/** Returns the referrer manifest's digest. `repo` is where the referrer is stored. */
export async function pushBundleReferrer(
  client: RegistryClient,
  repo: ImageReference,
  subject: Descriptor,
  bundle: Uint8Array,
  options: PushBundleOptions,
): Promise<string> {
  await client.putBlob(repo, EMPTY_JSON);
  await client.putBlob(repo, bundle);
  const manifest = bundleReferrerManifest(
    subject,
    bundle,
    options.predicateType,
    options.created ?? new Date(),
  );
  return pushReferrerConfirmed(client, repo, manifest, options);
}

/**
 * Pushes `manifest` (which names its subject) as a referrer stored in `repo` and returns
 * its digest. On the referrers tag schema the index update can lose a race with another
 * pusher, so the listing is read back after a short random wait and the push repeated
 * while the referrer is missing from it; an index write the registry refused because it
 * raced another (isRacingTagWriteRefusal) is repeated the same way.
 */
export async function pushReferrerConfirmed(
  client: RegistryClient,
  repo: ImageReference,
  manifest: ImageManifest,
  options: ConfirmedPushOptions = {},
): Promise<string> {
  const artifactType = manifest.artifactType ?? manifest.config.mediaType;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxPushes = options.maxPushes ?? 5;
  const subjectRef = withDigest(repo, manifest.subject!.digest);
  let digest = '';
  for (let push = 1; push <= maxPushes; push++) {
    try {
      digest = await client.pushReferrer(repo, manifest);
    } catch (error) {
      if (!isRacingTagWriteRefusal(error) || push === maxPushes) throw error;
      await sleep(100 + Math.random() * 300);
      continue;
    }
    const first = await client.getReferrers(subjectRef, { artifactType });
    // The referrers API indexes on the registry side: no race to wait out.
    if (first.source === 'api') return digest;
    await sleep(100 + Math.random() * 300);
    const listed = await client.getReferrers(subjectRef, { artifactType });
    if (listed.descriptors.some((d) => d.digest === digest)) return digest;
  }
  // Pushed by digest, so it exists; only the fallback tag index kept losing it.
  return digest;
}
