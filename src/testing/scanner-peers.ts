/**
 * Runs the scanner peers built by scripts/peers.sh: syft v1.57 (an SBOM of an image in a
 * loopback registry) and trivy v0.74 (an offline vulnerability scan against a database
 * the test writes from YAML with trivy-db-fixture, as Trivy's own integration tests build
 * theirs). Each run has only the environment it needs, its home and caches in `work`, and
 * never reaches the network: no update checks, no database downloads, no telemetry.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPeer, peerPath, type PeerLookup } from './peers.js';

const run = promisify(execFile);

export interface ScannerPeers {
  readonly syft: PeerLookup;
  readonly trivy: PeerLookup;
  readonly trivyDb: PeerLookup;
}

export function findScannerPeers(): ScannerPeers {
  return {
    syft: findPeer('syft'),
    trivy: findPeer('trivy'),
    trivyDb: findPeer('trivy-db', 'trivy-db'),
  };
}

/** syft's SBOM of `image` (`registry:` source over plain HTTP), as CycloneDX JSON text. */
export async function runSyft(syft: PeerLookup, image: string, work: string): Promise<string> {
  const args = [`registry:${image}`, '-o', 'cyclonedx-json', '-q'];
  const { stdout } = await run(peerPath(syft), args, {
    env: {
      PATH: process.env.PATH,
      HOME: work,
      SYFT_CHECK_FOR_APP_UPDATE: 'false',
      SYFT_REGISTRY_INSECURE_USE_HTTP: 'true',
      SYFT_CACHE_DIR: join(work, 'syft-cache'),
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  return stdout;
}

/** Writes a Trivy database from a bolt-fixtures YAML document into `<work>/trivy-cache/db`; returns the cache directory. */
export async function writeTrivyDatabase(
  trivyDb: PeerLookup,
  fixtureYaml: string,
  work: string,
): Promise<string> {
  const cache = join(work, 'trivy-cache');
  const fixture = join(work, 'trivy-db.yaml');
  await writeFile(fixture, fixtureYaml);
  await run(peerPath(trivyDb), [cache, fixture], { timeout: 60_000 });
  return cache;
}

/** `trivy image --offline-scan` of `image` (remote, plain HTTP) against the database in `cache`; the report's bytes. */
export async function runTrivyScan(
  trivy: PeerLookup,
  image: string,
  cache: string,
  format: string,
  work: string,
): Promise<Uint8Array> {
  const output = join(work, `trivy-report.${format}`);
  await run(
    peerPath(trivy),
    [
      'image',
      '--cache-dir',
      cache,
      '--skip-db-update',
      '--skip-java-db-update',
      '--offline-scan',
      '--skip-version-check',
      '--disable-telemetry',
      '--scanners',
      'vuln',
      '--image-src',
      'remote',
      '--insecure',
      '--format',
      format,
      '--output',
      output,
      image,
    ],
    { env: { PATH: process.env.PATH, HOME: work, TRIVY_NO_PROGRESS: 'true' }, timeout: 300_000 },
  );
  return readFile(output);
}
