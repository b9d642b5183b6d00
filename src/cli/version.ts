/**
 * Signet's version, read once at start-up from the package.json of the installed package:
 * the nearest one above this module, which holds for the sources (src/cli, under tsx)
 * and for the bundle (dist/).
 */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const parsed = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (parsed.name === 'signet' && typeof parsed.version === 'string') return parsed.version;
    } catch {
      // No package.json here (or not ours): look one level up.
    }
    if (dir.pathname === '/') return '0.0.0';
  }
}

export const SIGNET_VERSION = readVersion();
