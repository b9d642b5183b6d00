/**
 * Builds a multi-platform OCI image index (image-index.md) over one random image per
 * platform, each with its own layers.
 */
import { digestOf } from '../../core/digest.js';
import { MediaType, type ImageIndex, type Platform } from '../manifest/index.js';
import { buildError } from './errors.js';
import { buildImageWith, type BuildImageOptions, type BuiltImage } from './image-builder.js';
import { randomSourceOf } from './random-source.js';

export interface BuiltIndex {
  readonly kind: 'index';
  readonly mediaType: typeof MediaType.OciIndex;
  readonly manifest: ImageIndex;
  readonly manifestBytes: Uint8Array;
  readonly digest: string;
  /** One image per platform, in the order given. */
  readonly images: readonly BuiltImage[];
}

/** The usual pair of a multi-arch image. */
export const COMMON_PLATFORMS: readonly Platform[] = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm64', os: 'linux', variant: 'v8' },
];

/** At most 32 platforms: more than any real image publishes. */
const MAX_PLATFORMS = 32;

export function buildIndex(
  platforms: readonly Platform[] = COMMON_PLATFORMS,
  options: Omit<BuildImageOptions, 'platform'> = {},
): BuiltIndex {
  if (platforms.length === 0 || platforms.length > MAX_PLATFORMS) {
    throw buildError(
      'BUILD_OPTIONS_INVALID',
      `an index needs 1 to ${MAX_PLATFORMS} platforms, got ${platforms.length}`,
    );
  }
  const random = randomSourceOf(options.random);
  const images = platforms.map((platform) => buildImageWith(random, { ...options, platform }));
  const manifest: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.OciIndex,
    manifests: images.map((image) => image.descriptor),
    ...(options.annotations !== undefined ? { annotations: { ...options.annotations } } : {}),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  return {
    kind: 'index',
    mediaType: MediaType.OciIndex,
    manifest,
    manifestBytes,
    digest: digestOf(manifestBytes),
    images,
  };
}
