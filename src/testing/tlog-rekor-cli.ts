/**
 * Test-only: runs rekor-cli (Rekor's own client) against a log, and prepares the files it
 * reads: an artifact, its DER signature and the signer's PEM public key.
 *
 * Each run gets only the environment it needs and, unless told otherwise, a fresh HOME,
 * since rekor-cli keeps tree state in ~/.rekor and reads ~/.rekor.yaml.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RekorCliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RekorCliOptions {
  /** The log URL (`--rekor_server`). */
  readonly server: string;
  /** PEM of the log key, pinned through REKOR_REKOR_SERVER_PUBLIC_KEY; null pins none. */
  readonly pinnedKey: string | null;
  /** An existing HOME, to keep state between runs. */
  readonly home?: string;
  /** Extra environment, e.g. SSL_CERT_FILE for a log served over TLS. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs `binary` with `args`; `workDir` holds the fresh HOME folders. */
export async function runRekorCli(
  binary: string,
  workDir: string,
  args: readonly string[],
  options: RekorCliOptions,
): Promise<RekorCliRun> {
  const home = options.home ?? (await mkdtemp(join(workDir, 'home-')));
  return new Promise((resolve) => {
    execFile(
      binary,
      [...args, '--rekor_server', options.server, '--retry', '0'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          ...(options.pinnedKey === null
            ? {}
            : { REKOR_REKOR_SERVER_PUBLIC_KEY: options.pinnedKey }),
          ...options.env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : ((error.code as number) ?? 1), stdout, stderr }),
    );
  });
}

export function succeeded(run: RekorCliRun): RekorCliRun {
  assert.equal(run.code, 0, `rekor-cli failed: ${run.stderr}${run.stdout}`);
  return run;
}

/** The JSON rekor-cli printed with `--format json` (or `tle`), after checking it succeeded. */
export const outputOf = <T>(run: RekorCliRun) => JSON.parse(succeeded(run).stdout) as T;

export interface SignedArtifact {
  readonly path: string;
  readonly signature: string;
  readonly publicKey: string;
  readonly sha256: string;
}

let artifactCount = 0;

/** A unique artifact in `dir`, signed (SHA-256, DER) with `privateKey`. */
export async function signedArtifact(
  dir: string,
  privateKey: KeyObject,
  publicKey: KeyObject,
): Promise<SignedArtifact> {
  const content = Buffer.from(`artifact ${artifactCount++} ${process.hrtime.bigint()}`);
  const base = join(dir, `artifact-${artifactCount}`);
  await writeFile(base, content);
  await writeFile(`${base}.sig`, sign('sha256', content, privateKey));
  await writeFile(`${base}.pub`, publicKey.export({ type: 'spki', format: 'pem' }));
  return {
    path: base,
    signature: `${base}.sig`,
    publicKey: `${base}.pub`,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

/** rekor-cli flags naming a hashedrekord entry by its files. */
export const artifactFlags = (artifact: SignedArtifact): string[] => [
  '--type',
  'hashedrekord',
  '--artifact',
  artifact.path,
  '--signature',
  artifact.signature,
  '--public-key',
  artifact.publicKey,
];

/** What `rekor-cli upload --format json` prints. */
export interface RekorUploadOutput {
  readonly AlreadyExists: boolean;
  readonly Location: string;
  readonly Index: number;
}

/** What `rekor-cli get --format json` prints for a hashedrekord entry. */
export interface RekorGetOutput {
  readonly UUID: string;
  readonly LogIndex: number;
  readonly LogID: string;
  readonly IntegratedTime: number;
  readonly Body: { HashedRekordObj: { data: { hash: { algorithm: string; value: string } } } };
}
