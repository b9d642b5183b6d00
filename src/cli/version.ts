/**
 * Signet's version, read from package.json once at start-up. package.json sits two levels
 * above both src/cli (under tsx) and dist/cli (compiled).
 */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}

export const SIGNET_VERSION = readVersion();
