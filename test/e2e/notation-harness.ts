/**
 * The notation and oras peers as the Notary Project end-to-end tests run them: each with
 * only the environment it needs and its configuration under a home made for the run, and
 * the trust policy documents (notation trust policy v1.0) those tests import or pass to
 * `signet notation verify`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { peerPath, type PeerLookup } from '../../src/testing/peers.js';
import { runCli } from '../../src/testing/run-cli.js';

export const NOTARY_SIGNATURE = 'application/vnd.cncf.notary.signature';

export interface PeerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `peer` with its configuration in `home` (`home/config`, `home/docker`). Async on
 * purpose: the embedded registry answers from this process's event loop.
 */
export function runPeer(peer: PeerLookup, args: readonly string[], home: string): Promise<PeerRun> {
  return new Promise((resolve) => {
    execFile(
      peerPath(peer),
      args,
      {
        cwd: home,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          XDG_CONFIG_HOME: join(home, 'config'),
          DOCKER_CONFIG: join(home, 'docker'),
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : ((error.code as number) ?? 1), stdout, stderr }),
    );
  });
}

/** `run`, after asserting that it exited 0 (the message names `what` and its output). */
export function succeeded(run: PeerRun, what: string): PeerRun {
  assert.equal(run.code, 0, `${what} failed: ${run.stderr}${run.stdout}`);
  return run;
}

/** notation's trust store under `home` (`$XDG_CONFIG_HOME/notation/truststore`). */
export const notationTrustStore = (home: string) => join(home, 'config', 'notation', 'truststore');

/**
 * `signet notation verify [flags] image` under the trust policy `home/<policyFile>` and
 * notation's trust store in `home`.
 */
export const signetNotationVerify = (
  home: string,
  policyFile: string,
  image: string,
  ...flags: string[]
) =>
  runCli([
    'notation',
    'verify',
    ...flags,
    '--trust-policy',
    join(home, policyFile),
    '--trust-store',
    notationTrustStore(home),
    image,
  ]);

/** One trust policy for every image: the `stores` (`ca:<name>`, `tsa:<name>`) and identities. */
export const trustPolicy = (stores: string[], identities: string[] = ['*']) =>
  JSON.stringify({
    version: '1.0',
    trustPolicies: [
      {
        name: 'e2e',
        registryScopes: ['*'],
        signatureVerification: { level: 'strict' },
        trustStores: stores,
        trustedIdentities: identities,
      },
    ],
  });
