/**
 * The Sigstore public-good trusted root, offline: `@sigstore/tuf` ships the TUF
 * repository's seed metadata (`seeds.json`) with the `trusted_root.json` target embedded
 * (base64), so verification of public-good signatures (Fulcio + the public Rekor) needs no
 * network. The seed is as fresh as the installed `@sigstore/tuf`: Signet does not contact
 * the TUF mirror by itself; to use a newer root, pass it with `--trusted-root FILE`
 * (for example fetched by `cosign trusted-root` or sigstore's TUF client).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { errorFactory } from '../../core/errors.js';
import { TRUST_ERRORS } from './errors.js';
import { parseTrustedRoot } from './trusted-root.js';

const fail = errorFactory(TRUST_ERRORS);

const PUBLIC_GOOD_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';
export const PUBLIC_GOOD_SOURCE = 'the Sigstore public-good trusted root (from @sigstore/tuf)';

let cached: TrustedRoot | undefined;

/** The public-good trusted root; read and validated once per process. */
export function publicGoodTrustedRoot(): TrustedRoot {
  if (cached !== undefined) return cached;
  let seeds: unknown;
  try {
    const path = createRequire(import.meta.url).resolve('@sigstore/tuf/seeds.json');
    seeds = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw fail(
      'TRUSTED_ROOT_INVALID',
      `${PUBLIC_GOOD_SOURCE} cannot be read (${(error as Error).message}); pass --trusted-root FILE`,
    );
  }
  const target = (seeds as Record<string, { targets?: Record<string, string> } | undefined>)[
    PUBLIC_GOOD_TUF_URL
  ]?.targets?.['trusted_root.json'];
  if (typeof target !== 'string') {
    throw fail(
      'TRUSTED_ROOT_INVALID',
      `${PUBLIC_GOOD_SOURCE}: seeds.json has no trusted_root.json`,
    );
  }
  cached = parseTrustedRoot(Buffer.from(target, 'base64').toString('utf8'), PUBLIC_GOOD_SOURCE);
  return cached;
}
