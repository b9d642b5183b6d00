/**
 * What the cosign interoperability scenarios share: the real cosign v2 and v3 (found through
 * src/testing/peers.ts), run with a private HOME and TUF_ROOT so they fetch and cache
 * nothing globally; Signet run in process; fresh images; and the one jq-like filter that
 * reads both tools' `verify` output.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { findPeer, type PeerLookup } from '../../src/testing/peers.js';
import type { RunningRegistry } from '../../src/testing/index.js';
import { runCli, type CliRun } from '../../src/testing/run-cli.js';

export const PASSWORD = 'interop password';

export interface CosignPeer {
  readonly name: 'cosign2' | 'cosign3';
  readonly lookup: PeerLookup;
}

export function cosignPeers(): CosignPeer[] {
  return (['cosign3', 'cosign2'] as const).map((name) => ({ name, lookup: findPeer(name) }));
}

export interface Cosign {
  /** Runs cosign; never throws for a non-zero exit (the code is in the result). */
  run(args: readonly string[]): Promise<CliRun>;
  /** A folder that `close` removes: keys and files of the scenario go here. */
  readonly dir: string;
  close(): Promise<void>;
}

export async function startCosign(binary: string): Promise<Cosign> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-cosign-interop-'));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    TUF_ROOT: join(dir, 'tuf'),
    COSIGN_PASSWORD: PASSWORD,
  };
  return {
    dir,
    run: (args) =>
      new Promise((resolve) => {
        execFile(binary, [...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr });
        });
      }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `signet ARGS` in process, with the key password in the environment. */
export function signet(args: readonly string[]): Promise<CliRun> {
  return runCli(args, { SIGNET_PASSWORD: PASSWORD });
}

/**
 * The keys both directions use, in `cosign.dir`: cosign's own encrypted pair
 * (`cosign.key`/`.pub`) and a Signet-made pair per key type (`signet-<type>.key`/`.pub`);
 * returns the path of an empty trusted root made by cosign (no logs, for key-only checks).
 */
export async function makeInteropKeys(cosign: Cosign): Promise<string> {
  const made = await cosign.run([
    'generate-key-pair',
    '--output-key-prefix',
    join(cosign.dir, 'cosign'),
  ]);
  assert.equal(made.code, 0, made.stderr);
  for (const kind of ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519', 'rsa']) {
    const prefix = join(cosign.dir, `signet-${kind}`);
    const run = await signet([
      'generate-key-pair',
      '--key-type',
      kind,
      '--output-key-prefix',
      prefix,
    ]);
    assert.equal(run.code, 0, run.stderr);
  }
  const emptyRoot = join(cosign.dir, 'empty-root.json');
  const root = await cosign.run(['trusted-root', 'create', '--out', emptyRoot]);
  assert.equal(root.code, 0, root.stderr);
  return emptyRoot;
}

/** A registry started before the enclosing suite's tests and stopped after them. */
export interface InteropRegistry {
  readonly host: string;
  readonly client: RegistryClient;
  /** Pushes a fresh random image under `<prefix><n>` and returns its reference, digest and n. */
  readonly fresh: () => Promise<{ ref: string; digest: string; n: number }>;
}

/** Call inside a describe: registers the before/after hooks that start and stop it. */
export function useInteropRegistry(
  start: () => Promise<RunningRegistry>,
  prefix: string,
): InteropRegistry {
  let registry: RunningRegistry | undefined;
  let client: RegistryClient | undefined;
  let counter = 0;
  before(async () => {
    registry = await start();
    client = new RegistryClient();
  });
  after(async () => {
    await client?.close();
    await registry?.stop();
  });
  const running = () => {
    if (registry === undefined || client === undefined) throw new Error('registry not started');
    return { registry, client };
  };
  return {
    get host() {
      return running().registry.host;
    },
    get client() {
      return running().client;
    },
    fresh: async () => {
      const n = ++counter;
      return {
        ...(await pushFresh(running().client, running().registry.host, `${prefix}${n}`)),
        n,
      };
    },
  };
}

/** Pushes a fresh random image and returns its tag reference and digest. */
export async function pushFresh(
  client: RegistryClient,
  host: string,
  repository: string,
): Promise<{ ref: string; digest: string }> {
  const ref = `${host}/${repository}:1.0`;
  const { digest } = await pushImage(client, parseReference(ref), buildImage());
  return { ref, digest };
}

export interface VerifiedClaim {
  readonly reference: string;
  readonly digest: string;
  readonly type: string;
  readonly optional: unknown;
}

/**
 * `.[] | {reference: .critical.identity["docker-reference"], digest:
 * .critical.image["docker-manifest-digest"], type: .critical.type, optional}` over the JSON
 * array a verify command printed (cosign puts a blank line before it), sorted by type.
 */
export function verifiedClaims(stdout: string): VerifiedClaim[] {
  const line = stdout.split('\n').find((l) => l.startsWith('['));
  if (line === undefined) throw new Error(`no JSON array in verify output: ${stdout}`);
  const items = JSON.parse(line) as {
    critical: {
      identity: { 'docker-reference': string };
      image: { 'docker-manifest-digest': string };
      type: string;
    };
    optional: unknown;
  }[];
  return items
    .map((item) => ({
      reference: item.critical.identity['docker-reference'],
      digest: item.critical.image['docker-manifest-digest'],
      type: item.critical.type,
      optional: item.optional,
    }))
    .sort((a, b) => (a.type < b.type ? -1 : 1));
}

/** Flags every cosign invocation against the test registries needs. */
export const COSIGN_REGISTRY = ['--allow-http-registry'];

/** `cosign sign` by key: no public log, no signing config, the layout chosen explicitly. */
export function cosignSignArgs(
  key: string,
  ref: string,
  layout: 'legacy' | 'bundle',
  log?: string,
): string[] {
  return [
    'sign',
    '--key',
    key,
    '-y',
    '--use-signing-config=false',
    `--new-bundle-format=${layout === 'bundle'}`,
    ...(log === undefined ? ['--tlog-upload=false'] : ['--rekor-url', log]),
    ...COSIGN_REGISTRY,
    ref,
  ];
}

/**
 * `cosign verify` by key. Bundles need a trusted root on cosign v2 (`trustedRoot`, or an
 * empty one without a log); without a log, entries are not looked for.
 */
export function cosignVerifyArgs(
  pub: string,
  ref: string,
  layout: 'legacy' | 'bundle',
  trust: { trustedRoot?: string; emptyRoot: string; digestAlgorithm?: string },
): string[] {
  return [
    'verify',
    '--key',
    pub,
    `--new-bundle-format=${layout === 'bundle'}`,
    ...(trust.trustedRoot === undefined
      ? [
          '--insecure-ignore-tlog',
          ...(layout === 'bundle' ? ['--trusted-root', trust.emptyRoot] : []),
        ]
      : ['--trusted-root', trust.trustedRoot]),
    ...(trust.digestAlgorithm === undefined
      ? []
      : ['--signature-digest-algorithm', trust.digestAlgorithm]),
    ...COSIGN_REGISTRY,
    ref,
  ];
}
