/**
 * The sigstore-conformance bundle-verify cases in ../shared/fixtures: each case's bundle,
 * artifact, expected identity or key, and trusted root (the public-good root when the
 * case has none), read as the conformance protocol describes them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures.js';

export const CONFORMANCE_DIR = join(FIXTURES_DIR, 'sigstore-conformance', 'bundle-verify');

/** The conformance suite's default signer: its GitHub Actions beacon workflow. */
export const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
export const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

export interface ConformanceCase {
  readonly name: string;
  readonly expectFailure: boolean;
  readonly directory: string;
  readonly bundlePath: string;
  readonly artifactPath: string;
  readonly keyPath?: string;
  readonly trustedRootPath?: string;
  readonly identity: string;
  readonly issuer: string;
}

function optional(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}

function text(path: string, fallback: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : fallback;
}

export function conformanceCases(): ConformanceCase[] {
  return readdirSync(CONFORMANCE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const directory = join(CONFORMANCE_DIR, name);
      const keyPath = optional(join(directory, 'key.pub'));
      const trustedRootPath = optional(join(directory, 'trusted_root.json'));
      return {
        name,
        expectFailure: name.endsWith('_fail'),
        directory,
        bundlePath: join(directory, 'bundle.sigstore.json'),
        artifactPath: optional(join(directory, 'artifact')) ?? join(CONFORMANCE_DIR, 'a.txt'),
        ...(keyPath === undefined ? {} : { keyPath }),
        ...(trustedRootPath === undefined ? {} : { trustedRootPath }),
        identity: text(join(directory, 'identity'), DEFAULT_IDENTITY),
        issuer: text(join(directory, 'issuer'), DEFAULT_ISSUER),
      };
    });
}
