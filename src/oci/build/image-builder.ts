/**
 * Builds small valid OCI images for tests and demos: random layers, an OCI image config
 * (config.md) whose rootfs.diff_ids match the layers, and an image manifest (manifest.md).
 * Pure computation: nothing is read or written; push the result with pushImage.
 */
import { digestOf } from '../../core/digest.js';
import {
  MediaType,
  type Descriptor,
  type ImageManifest,
  type Platform,
} from '../manifest/index.js';
import { buildError } from './errors.js';
import { buildLayer } from './layer-builder.js';
import { randomSourceOf, type RandomSource } from './random-source.js';

export interface ImageConfig {
  created: string;
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  config: { Env: string[]; Entrypoint: string[]; Labels: Record<string, string> };
  rootfs: { type: 'layers'; diff_ids: string[] };
  history: { created: string; created_by: string }[];
}

export interface BuildImageOptions {
  /** Default 2. At most 64: test images stay small. */
  readonly layers?: number;
  /** Random bytes per layer before compression. Default 1024; at most 64 MiB. */
  readonly layerBytes?: number;
  /** Default linux/amd64. */
  readonly platform?: Platform;
  readonly labels?: Readonly<Record<string, string>>;
  /** Manifest annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** A random source, or a seed for reproducible images. Default: the system CSPRNG. */
  readonly random?: RandomSource | string | number;
  /** Default the epoch (SOURCE_DATE_EPOCH=0 convention), so seeded builds are reproducible. */
  readonly created?: Date;
}

export interface BuiltImage {
  readonly kind: 'image';
  readonly mediaType: typeof MediaType.OciManifest;
  readonly manifest: ImageManifest;
  readonly manifestBytes: Uint8Array;
  readonly digest: string;
  /** Descriptor of the manifest, with its platform, as an index lists it. */
  readonly descriptor: Descriptor;
  readonly platform: Platform;
  readonly config: ImageConfig;
  /** Config and layers by digest: everything to push before the manifest. */
  readonly blobs: ReadonlyMap<string, Uint8Array>;
}

const MAX_LAYERS = 64;
const MAX_LAYER_BYTES = 64 * 1024 * 1024;
const encoder = new TextEncoder();

function count(value: number | undefined, fallback: number, max: number, what: string): number {
  const result = value ?? fallback;
  if (!Number.isSafeInteger(result) || result < 0 || result > max) {
    throw buildError(
      'BUILD_OPTIONS_INVALID',
      `${what} must be an integer from 0 to ${max}, got ${result}`,
    );
  }
  return result;
}

export function buildImage(options: BuildImageOptions = {}): BuiltImage {
  return buildImageWith(randomSourceOf(options.random), options);
}

/** buildImage with an explicit source, so an index's images draw from one stream. */
export function buildImageWith(random: RandomSource, options: BuildImageOptions): BuiltImage {
  const layerCount = count(options.layers, 2, MAX_LAYERS, 'layers');
  const layerBytes = count(options.layerBytes, 1024, MAX_LAYER_BYTES, 'layerBytes');
  const platform = options.platform ?? { architecture: 'amd64', os: 'linux' };
  if (platform.architecture === '' || platform.os === '') {
    throw buildError('BUILD_OPTIONS_INVALID', 'platform needs an architecture and an os');
  }
  const createdDate = options.created ?? new Date(0);
  const created = createdDate.toISOString();
  const mtime = Math.floor(createdDate.getTime() / 1000);
  const layers = Array.from({ length: layerCount }, (_, i) =>
    buildLayer(i, layerBytes, random, mtime),
  );
  const config: ImageConfig = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant !== undefined ? { variant: platform.variant } : {}),
    ...(platform['os.version'] !== undefined ? { 'os.version': platform['os.version'] } : {}),
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Entrypoint: ['/bin/true'],
      Labels: { ...options.labels },
    },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
    history: layers.map((_, i) => ({
      created,
      created_by: `signet build: random layer ${i + 1} of ${layerCount}`,
    })),
  };
  return assembleImage(config, layers, platform, options.annotations);
}

/** A layer as it is pushed: its descriptor and the (compressed) bytes it names. */
export interface AssembledLayer {
  readonly descriptor: Descriptor;
  readonly compressed: Uint8Array;
}

/**
 * The one assembly of an OCI image from its config and pushed layers: the config blob, the
 * image manifest (manifest.md) and the blobs by digest, ready for pushImage.
 */
export function assembleImage(
  config: ImageConfig,
  layers: readonly AssembledLayer[],
  platform: Platform,
  annotations?: Readonly<Record<string, string>>,
): BuiltImage {
  const configBytes = encoder.encode(JSON.stringify(config));
  const configDigest = digestOf(configBytes);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, digest: configDigest, size: configBytes.byteLength },
    layers: layers.map((layer) => layer.descriptor),
    ...(annotations !== undefined ? { annotations: { ...annotations } } : {}),
  };
  const manifestBytes = encoder.encode(JSON.stringify(manifest));
  const digest = digestOf(manifestBytes);
  const blobs = new Map<string, Uint8Array>([[configDigest, configBytes]]);
  for (const layer of layers) blobs.set(layer.descriptor.digest, layer.compressed);
  return {
    kind: 'image',
    mediaType: MediaType.OciManifest,
    manifest,
    manifestBytes,
    digest,
    descriptor: {
      mediaType: MediaType.OciManifest,
      digest,
      size: manifestBytes.byteLength,
      platform,
    },
    platform,
    config,
    blobs,
  };
}
