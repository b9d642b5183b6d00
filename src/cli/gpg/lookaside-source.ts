/**
 * Where the GPG commands read and write lookaside signatures: `--lookaside URL_OR_DIR` for
 * every image, else the registries.d folder (`--registries-d DIR`, or containers/image's
 * default: ~/.config/containers/registries.d when it exists, else /etc/containers/registries.d),
 * else the built-in folder.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImageReference } from '../../oci/reference/index.js';
import {
  EMPTY_REGISTRIES_CONFIG,
  loadRegistriesD,
  lookasideBaseFor,
  parseLookasideBase,
  type RegistriesConfig,
} from '../../signing/lookaside/index.js';

export interface LookasideSelection {
  readonly registriesDir?: string;
  /** A URL (file://, http://, https://) or a folder path used for every image. */
  readonly lookaside?: string;
}

export interface LookasideSource {
  readonly config: RegistriesConfig;
  baseFor(ref: ImageReference, purpose: 'read' | 'write'): string;
}

export async function lookasideSource(selection: LookasideSelection): Promise<LookasideSource> {
  if (selection.lookaside !== undefined) {
    const given = selection.lookaside;
    const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(given)
      ? given
      : pathToFileURL(resolve(given)).href;
    parseLookasideBase(base);
    return { config: EMPTY_REGISTRIES_CONFIG, baseFor: () => base };
  }
  const config = await loadRegistriesD(selection.registriesDir ?? defaultRegistriesDir());
  return { config, baseFor: (ref, purpose) => lookasideBaseFor(config, ref, purpose) };
}

function defaultRegistriesDir(): string {
  const user = join(homedir(), '.config/containers/registries.d');
  return existsSync(user) ? user : '/etc/containers/registries.d';
}
