/**
 * Finds the real tools built by scripts/peers.sh (cosign v2 and v3, rekor-cli, notation,
 * oras, etcd, kube-apiserver, kubectl). Every test that runs a peer asks here, so the pins
 * live in one file (scripts/peers.lock) and the cache in one place.
 *
 * A missing peer fails the run under CI (CI=true), where setup must have built it, and
 * otherwise gives a skip reason that the test prints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type PeerName =
  | 'cosign3'
  | 'cosign2'
  | 'rekor-cli'
  | 'notation'
  | 'oras'
  | 'etcd'
  | 'kube'
  | 'syft'
  | 'trivy'
  | 'trivy-db'
  | 'gatekeeper';

export interface PeerLookup {
  /** Absolute path of the binary, when built. */
  readonly path?: string;
  /** Why tests that need it are skipped (never set under CI: a missing peer throws there). */
  readonly skipReason?: string;
  readonly version: string;
}

const LOCK_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/peers.lock');

/** The pinned version of each peer, read once from scripts/peers.lock. */
let pins: Map<string, string> | undefined;
function pinnedVersions(): Map<string, string> {
  if (pins !== undefined) return pins;
  pins = new Map();
  for (const line of readFileSync(LOCK_FILE, 'utf8').split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[0]!.startsWith('#')) continue;
    pins.set(fields[0]!, fields[3]!);
  }
  return pins;
}

export function peersDirectory(): string {
  return process.env.SIGNET_PEERS_DIR ?? join(homedir(), '.cache', 'signet-peers');
}

/**
 * Looks up `binary` of peer `name` (the binary defaults to the peer's command name:
 * `cosign` for cosign2/cosign3). Throws under CI when it is missing.
 */
export function findPeer(name: PeerName, binary?: string): PeerLookup {
  const version = pinnedVersions().get(name);
  if (version === undefined) throw new Error(`peer ${name} is not listed in scripts/peers.lock`);
  const command = binary ?? (name.startsWith('cosign') ? 'cosign' : name);
  const path = join(peersDirectory(), `${name}@${version}`, 'bin', command);
  if (existsSync(path)) return { path, version };
  const reason = `${command} ${version} (peer ${name}) is not built at ${path}: run ./scripts/peers.sh ${name}`;
  if (process.env.CI === 'true')
    throw new Error(`${reason} (a missing peer fails the run under CI)`);
  return { skipReason: reason, version };
}

/** The path of a peer that must be there (call after checking skipReason). */
export function peerPath(lookup: PeerLookup): string {
  if (lookup.path === undefined) throw new Error(lookup.skipReason ?? 'peer not built');
  return lookup.path;
}
