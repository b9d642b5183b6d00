/**
 * What the `signet attest` end-to-end files share: a registry of the target kind, a real
 * Signet log, a CI key pair and another one, the log's public key, predicate files, and
 * the command lines the tests run again and again. Call it inside a `describe`: it
 * registers the `before` and `after` hooks there.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import type { RegistryTarget, RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { startTlogServer, type RunningTlogServer } from '../../src/tlog/server/index.js';

const env = { SIGNET_PASSWORD: 'attest password' };

/** `signet ARGS` with the keys' password in the environment. */
export const run = (args: string[], extra: Record<string, string> = {}) =>
  runCli(args, { ...env, ...extra });

export interface AttestState {
  readonly registry: RunningRegistry;
  readonly log: RunningTlogServer;
  readonly client: RegistryClient;
  /** The CI key pair (`ci.key`, `ci.pub`) and another public key. */
  readonly key: string;
  readonly pub: string;
  readonly otherPub: string;
  /** The log's public key, for `--tlog-key`. */
  readonly logKey: string;
}

/** An image pushed for one test: by tag, its digest, pinned, and its repository name. */
export interface FreshImage {
  readonly ref: string;
  readonly digest: string;
  readonly pinned: string;
  readonly name: string;
}

export function attestCliHarness(target: RegistryTarget) {
  let state: AttestState | undefined;
  let dir = '';
  let counter = 0;
  const current = (): AttestState => state ?? assert.fail('the attest harness has not started');
  const file = (name: string) => join(dir, name);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-attest-'));
    const registry = await target.start();
    const log = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'log') });
    for (const name of ['ci', 'other']) {
      const made = await run(['generate-key-pair', '--output-key-prefix', file(name)]);
      assert.equal(made.code, 0, made.stderr);
    }
    const rekor = new RekorClient(log.url);
    await writeFile(file('log.pub'), await rekor.publicKeyPem());
    await rekor.close();
    await writeFile(
      file('vuln.json'),
      JSON.stringify({ scanner: { uri: 'pkg:trivy', result: { critical: 0 } } }),
    );
    await writeFile(file('notes.txt'), 'free text, not JSON');
    state = {
      registry,
      log,
      client: new RegistryClient(),
      key: file('ci.key'),
      pub: file('ci.pub'),
      otherPub: file('other.pub'),
      logKey: file('log.pub'),
    };
  });

  after(async () => {
    await state?.client.close();
    await state?.log.close();
    await state?.registry.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  /** A new image in its own repository, so that no test sees another's attestations. */
  async function fresh(): Promise<FreshImage> {
    const { registry, client } = current();
    counter += 1;
    const name = `${registry.host}/team/att${counter}`;
    const { digest } = await pushImage(client, parseReference(`${name}:1.0`), buildImage());
    return { ref: `${name}:1.0`, digest, pinned: `${name}@${digest}`, name };
  }

  /** `signet attest --key ci.key FLAGS --allow-http-registry IMAGE`. */
  const attestWithKey = (image: { pinned: string }, flags: string[]) =>
    run(['attest', '--key', current().key, ...flags, '--allow-http-registry', image.pinned]);
  /** `signet attest --key ci.key --type vuln --predicate vuln.json FLAGS ... IMAGE`. */
  const attestVuln = (image: { pinned: string }, flags: string[]) =>
    attestWithKey(image, ['--type', 'vuln', '--predicate', file('vuln.json'), ...flags]);
  /** The legacy `.att` tag of `image`. */
  const attTag = (image: FreshImage) =>
    parseReference(`${image.name}:sha256-${image.digest.slice(7)}.att`);
  /** `signet verify-attestation --key ci.pub FLAGS --allow-http-registry IMAGE`. */
  const verifyWithKey = (image: { pinned: string }, flags: string[]) =>
    run([
      'verify-attestation',
      '--key',
      current().pub,
      ...flags,
      '--allow-http-registry',
      image.pinned,
    ]);

  return { state: current, file, fresh, attestWithKey, attestVuln, attTag, verifyWithKey };
}
