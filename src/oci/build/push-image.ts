/**
 * Pushes a built image or index: blobs first, then manifests, children before the index
 * that names them, since registries check that what a manifest references exists
 * (distribution spec, "Pushing Manifests").
 */
import type { ImageReference } from '../reference/index.js';
import type { RegistryClient } from '../remote/index.js';
import { buildError } from './errors.js';
import type { BuiltImage } from './image-builder.js';
import type { BuiltIndex } from './index-builder.js';

function byDigest(ref: ImageReference, digest: string): ImageReference {
  return { registry: ref.registry, repository: ref.repository, digest };
}

async function pushBlobsAndManifest(
  client: RegistryClient,
  target: ImageReference,
  image: BuiltImage,
): Promise<void> {
  for (const bytes of image.blobs.values()) await client.putBlob(target, bytes);
  await client.putManifest(target, image.manifestBytes, image.mediaType);
}

/**
 * Pushes `image` to `ref`: by its tag when it has one, else by digest. A ref pinned to
 * another digest than the image's is refused.
 */
export async function pushImage(
  client: RegistryClient,
  ref: ImageReference,
  image: BuiltImage | BuiltIndex,
): Promise<{ digest: string }> {
  if (ref.digest !== undefined && ref.digest !== image.digest) {
    throw buildError(
      'BUILD_REFERENCE_MISMATCH',
      `cannot push image ${image.digest} to ${ref.registry}/${ref.repository}@${ref.digest}: the reference pins another digest`,
    );
  }
  const target = ref.tag !== undefined ? ref : byDigest(ref, image.digest);
  switch (image.kind) {
    case 'image':
      await pushBlobsAndManifest(client, target, image);
      break;
    case 'index':
      for (const child of image.images)
        await pushBlobsAndManifest(client, byDigest(ref, child.digest), child);
      await client.putManifest(target, image.manifestBytes, image.mediaType);
      break;
  }
  return { digest: image.digest };
}
