/**
 * Generates the package catalog of an image in a registry: resolves the reference, picks
 * the platforms (every platform of an index, or the one asked for; attestation manifests
 * that buildx lists with platform unknown/unknown are not images), and streams each
 * image's layers through the tar reader. Every blob is fetched by digest and checked
 * against it by the registry client while it streams.
 */
import type { ImageManifest, Platform } from '../../../oci/manifest/index.js';
import { formatReference, withDigest, type ImageReference } from '../../../oci/reference/index.js';
import type { RegistryClient } from '../../../oci/remote/index.js';
import { sbomError } from '../errors.js';
import { catalogPackages, type Catalog } from './catalog.js';
import { DEFAULT_READ_LIMITS, readImageFiles, type ReadLimits } from './image-files.js';

export interface ImageCatalog extends Catalog {
  /** The reference without tag or digest, e.g. `registry.example/team/app`. */
  repository: string;
  /** The image manifest's digest (one platform's image). */
  digest: string;
  platform?: Platform;
  /** Bytes of compressed layer data and of uncompressed tar read. */
  layerBytes: number;
  tarBytes: number;
}

export interface CatalogImageOptions {
  /** `os/arch[/variant]`; every platform when absent. */
  readonly platform?: string;
  readonly limits?: ReadLimits;
}

const IMAGE_CONFIG_TYPES = new Set([
  'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.container.image.v1+json',
]);

export function platformName(platform: Platform | undefined): string {
  if (platform === undefined) return 'unknown';
  return [platform.os, platform.architecture, platform.variant]
    .filter((part) => part !== undefined)
    .join('/');
}

export async function catalogImage(
  client: RegistryClient,
  ref: ImageReference,
  options: CatalogImageOptions = {},
): Promise<ImageCatalog[]> {
  const top = await client.getManifest(ref);
  const repository = formatReference({ ...ref, tag: undefined, digest: undefined });
  if (top.parsed.kind === 'image') {
    return [
      await catalogOne(
        client,
        ref,
        repository,
        top.digest,
        top.parsed.manifest,
        undefined,
        options,
      ),
    ];
  }
  const wanted = top.parsed.manifest.manifests.filter(
    (descriptor) =>
      descriptor.platform !== undefined &&
      descriptor.platform.os !== 'unknown' &&
      (options.platform === undefined || matches(descriptor.platform, options.platform)),
  );
  if (wanted.length === 0) {
    const available = top.parsed.manifest.manifests.map((d) => platformName(d.platform)).join(', ');
    throw sbomError(
      'SBOM_PLATFORM_NOT_FOUND',
      `${formatReference(ref)} has no image for platform ${options.platform ?? '(any)'}; it has: ${available || 'none'}`,
    );
  }
  const catalogs: ImageCatalog[] = [];
  for (const descriptor of wanted) {
    const child = await client.getManifest(withDigest(ref, descriptor.digest));
    if (child.parsed.kind !== 'image') continue;
    catalogs.push(
      await catalogOne(
        client,
        ref,
        repository,
        child.digest,
        child.parsed.manifest,
        descriptor.platform,
        options,
      ),
    );
  }
  return catalogs;
}

function matches(platform: Platform, wanted: string): boolean {
  const [os, architecture, variant] = wanted.split('/');
  return (
    platform.os === os &&
    platform.architecture === architecture &&
    (variant === undefined || platform.variant === variant)
  );
}

async function catalogOne(
  client: RegistryClient,
  ref: ImageReference,
  repository: string,
  digest: string,
  manifest: ImageManifest,
  platform: Platform | undefined,
  options: CatalogImageOptions,
): Promise<ImageCatalog> {
  if (!IMAGE_CONFIG_TYPES.has(manifest.config.mediaType)) {
    throw sbomError(
      'SBOM_LAYER_UNSUPPORTED',
      `${repository}@${digest} is an artifact of config type ${manifest.config.mediaType}, not a container image`,
    );
  }
  const layers = manifest.layers.map((layer) => ({
    digest: layer.digest,
    mediaType: layer.mediaType,
    open: () => client.getBlob(ref, layer.digest),
  }));
  const files = await readImageFiles(layers, options.limits ?? DEFAULT_READ_LIMITS);
  const catalog = catalogPackages(files.files);
  return {
    ...catalog,
    warnings: [...files.warnings, ...catalog.warnings],
    repository,
    digest,
    ...(platform === undefined ? {} : { platform }),
    layerBytes: manifest.layers.reduce((sum, layer) => sum + layer.size, 0),
    tarBytes: files.tarBytes,
  };
}
