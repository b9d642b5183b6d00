/**
 * Reads the parts of an image configuration (OCI image spec, config.md) that tell a person
 * what the image runs. The config blob is attacker-controlled: every field is checked for
 * its type and anything unexpected is left out rather than trusted.
 */
import type { Descriptor } from '../manifest/index.js';
import { MediaType } from '../manifest/index.js';

export interface ConfigSummary {
  readonly platform?: string;
  readonly created?: string;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly env?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly layers: number;
  readonly layersBytes: number;
}

const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([
  MediaType.OciConfig,
  MediaType.DockerConfig,
]);

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function labelsOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter(([, v]) => typeof v === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

/** `bytes` is the config blob; artifacts with other config types get only the layer counts. */
export function summariseConfig(
  mediaType: string,
  bytes: Uint8Array,
  layers: readonly Descriptor[],
): ConfigSummary {
  const counts = { layers: layers.length, layersBytes: layers.reduce((n, l) => n + l.size, 0) };
  if (!IMAGE_CONFIG_TYPES.has(mediaType)) return counts;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return counts;
  }
  if (typeof parsed !== 'object' || parsed === null) return counts;
  const doc = parsed as Record<string, unknown>;
  const runtime = (
    typeof doc['config'] === 'object' && doc['config'] !== null ? doc['config'] : {}
  ) as Record<string, unknown>;
  const os = stringOf(doc['os']);
  const architecture = stringOf(doc['architecture']);
  const variant = stringOf(doc['variant']);
  const platform =
    os !== undefined && architecture !== undefined
      ? [os, architecture, variant].filter((p) => p !== undefined).join('/')
      : undefined;
  return defined({
    platform,
    created: stringOf(doc['created']),
    entrypoint: stringsOf(runtime['Entrypoint']),
    cmd: stringsOf(runtime['Cmd']),
    user: stringOf(runtime['User']) || undefined,
    workingDir: stringOf(runtime['WorkingDir']) || undefined,
    env: stringsOf(runtime['Env']),
    labels: labelsOf(runtime['Labels']),
    ...counts,
  });
}
