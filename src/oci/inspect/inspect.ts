/**
 * A summary of an image or index for people: what it is, which platforms it has, and
 * what its configuration says. Reads the manifest and, for single images, the config blob.
 */
import type { ImageReference } from '../reference/index.js';
import { withDigest } from '../reference/index.js';
import type { Platform } from '../manifest/index.js';
import type { FetchedManifest, RegistryClient } from '../remote/index.js';
import type { ConfigSummary } from './config-summary.js';
import { summariseConfig } from './config-summary.js';

/** Image configs are small JSON documents; 8 MiB leaves room for long histories. */
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export interface PlatformEntry {
  readonly platform: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface ImageInspection {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  readonly kind: 'image' | 'index';
  readonly artifactType?: string;
  readonly platforms?: readonly PlatformEntry[];
  readonly config?: ConfigSummary;
  readonly manifest: unknown;
}

export function formatPlatform(platform: Platform | undefined): string {
  if (platform === undefined) return 'unknown';
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant !== undefined ? `${base}/${platform.variant}` : base;
}

export async function inspectImage(
  client: RegistryClient,
  ref: ImageReference,
): Promise<ImageInspection> {
  const fetched = await client.getManifest(ref);
  const common = {
    digest: fetched.digest,
    mediaType: fetched.mediaType,
    size: fetched.bytes.length,
    manifest: fetched.parsed.manifest,
    ...(fetched.parsed.manifest.artifactType !== undefined
      ? { artifactType: fetched.parsed.manifest.artifactType }
      : {}),
  };
  if (fetched.parsed.kind === 'index') {
    return {
      ...common,
      kind: 'index',
      platforms: fetched.parsed.manifest.manifests.map((child) => ({
        platform: formatPlatform(child.platform),
        digest: child.digest,
        mediaType: child.mediaType,
        size: child.size,
      })),
    };
  }
  return { ...common, kind: 'image', config: await readConfig(client, ref, fetched) };
}

async function readConfig(
  client: RegistryClient,
  ref: ImageReference,
  fetched: FetchedManifest,
): Promise<ConfigSummary | undefined> {
  if (fetched.parsed.kind !== 'image') return undefined;
  const { config, layers } = fetched.parsed.manifest;
  const bytes = await client.readBlob(
    withDigest(ref, fetched.digest),
    config.digest,
    MAX_CONFIG_BYTES,
  );
  return summariseConfig(config.mediaType, bytes, layers);
}
