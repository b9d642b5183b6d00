/**
 * Where the shared real-world fixtures are: $SIGNET_FIXTURES, else ../shared/fixtures
 * beside the repository. Tests that need them skip with this reason when absent.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURES_DIR = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures');

export function fixturesSkipReason(subdir: string): string | undefined {
  return existsSync(resolve(FIXTURES_DIR, subdir))
    ? undefined
    : `fixtures not found at ${resolve(FIXTURES_DIR, subdir)} (set SIGNET_FIXTURES)`;
}
