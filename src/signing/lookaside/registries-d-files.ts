/**
 * Reading a registries.d folder from disk, and the built-in lookaside location that
 * containers/image falls back to when no scope configures one (registries_d.go,
 * builtinDefaultLookasideStorageDir).
 */
import { readFile, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeError } from '../../core/errors.js';
import type { ImageReference } from '../../oci/reference/index.js';
import { lookasideError } from './errors.js';
import {
  EMPTY_REGISTRIES_CONFIG,
  MAX_REGISTRIES_FILE_BYTES,
  lookasideUrlFor,
  parseRegistriesD,
  type RegistriesConfig,
} from './registries-d.js';

/** A registries.d folder holds a handful of files; this only stops mistakes like `/`. */
const MAX_FILES = 1000;

/**
 * Loads every `*.yaml` file of `folder` (not `.yml`, as containers/image), in name order.
 * A missing folder is an empty configuration, as in containers/image.
 */
export async function loadRegistriesD(folder: string): Promise<RegistriesConfig> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_REGISTRIES_CONFIG;
    throw unreadable(folder, error);
  }
  const yamlNames = names.filter((name) => name.endsWith('.yaml')).sort();
  if (yamlNames.length > MAX_FILES) {
    throw lookasideError(
      'LOOKASIDE_CONFIG_INVALID',
      `${folder} holds more than ${MAX_FILES} files`,
    );
  }
  const files = [];
  for (const name of yamlNames) {
    const path = join(folder, name);
    let text: string;
    try {
      const bytes = await readFile(path);
      if (bytes.byteLength > MAX_REGISTRIES_FILE_BYTES) {
        throw new Error(`larger than ${MAX_REGISTRIES_FILE_BYTES} bytes`);
      }
      text = bytes.toString('utf8');
    } catch (error) {
      throw unreadable(path, error);
    }
    files.push({ name: path, text });
  }
  return parseRegistriesD(files);
}

/** `file:///var/lib/containers/sigstore` for root, `~/.local/share/containers/sigstore` otherwise. */
export function builtinLookasideBase(): string {
  const root = typeof process.geteuid === 'function' && process.geteuid() === 0;
  const folder = root
    ? '/var/lib/containers/sigstore'
    : join(homedir(), '.local/share/containers/sigstore');
  return pathToFileURL(folder).href;
}

/** The configured lookaside base for an image, or the built-in one. */
export function lookasideBaseFor(
  config: RegistriesConfig,
  ref: ImageReference,
  purpose: 'read' | 'write',
): string {
  return lookasideUrlFor(config, ref, purpose) ?? builtinLookasideBase();
}

function unreadable(path: string, error: unknown) {
  return lookasideError(
    'LOOKASIDE_CONFIG_INVALID',
    `cannot read registries.d ${path}: ${describeError(error)}`,
    { cause: error },
  );
}
