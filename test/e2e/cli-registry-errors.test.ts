// What a user sees when a registry refuses or is slow: the credential flags the commands
// really accept, progress on stderr while a registry is slow, and a timeout that says how
// long it waited, retries included.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realRegistrySkipReason, startDistributionRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-cli-registry-errors-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('a registry that requires credentials', { skip: realRegistrySkipReason() }, () => {
  it('is told about with the credential flags the commands really accept', async () => {
    const registry = await startDistributionRegistry({ auth: 'htpasswd' });
    try {
      const run = await runCli(['image', 'digest', `${registry.host}/private/app:1`], {
        HOME: dir,
      });
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /error \[REGISTRY_UNAUTHORIZED\]/);
      const named = [...run.stderr.matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]);
      assert.ok(named.length >= 3, run.stderr);
      const help = await runCli(['image', 'digest', '--help']);
      for (const flag of named) assert.match(help.stdout, new RegExp(`${flag}\\b`), flag);
      assert.match(run.stderr, /SIGNET_REGISTRY_USERNAME and SIGNET_REGISTRY_PASSWORD/);
    } finally {
      await registry.stop();
    }
  });
});

/** A registry that answers the API check at once and manifest requests after `delayMs`. */
interface SlowRegistry {
  readonly host: string;
  readonly digest: string;
  delayMs: number;
  stop(): Promise<void>;
}

async function startSlowRegistry(): Promise<SlowRegistry> {
  const digest = `sha256:${'b'.repeat(64)}`;
  const sockets = new Set<Socket>();
  const state = { delayMs: 0 };
  const server: Server = createServer((request, response) => {
    if (request.url === '/v2/') return response.writeHead(200).end('{}');
    const timer = setTimeout(() => {
      response
        .writeHead(200, {
          'docker-content-digest': digest,
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'content-length': '2',
        })
        .end(request.method === 'HEAD' ? undefined : '{}');
    }, state.delayMs);
    response.on('close', () => clearTimeout(timer));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    digest,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value) {
      state.delayMs = value;
    },
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('a slow registry', () => {
  let slow: SlowRegistry;
  before(async () => {
    slow = await startSlowRegistry();
  });
  after(() => slow.stop());

  it('is reported on stderr while the command waits, and the command still succeeds', async () => {
    slow.delayMs = 2600;
    const run = await runCli(['image', 'digest', `${slow.host}/app:1`]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`still waiting for registry ${slow.host} \\(\\d+ s\\)…`));
    assert.equal(run.stdout, `${slow.digest}\n`);
  });

  it('is reported by the signing commands too', async () => {
    slow.delayMs = 2600;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const env = {
      HOME: dir,
      SIGNER: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      SIGNER_PUB: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    const image = `${slow.host}/app@${slow.digest}`;
    const runs = await Promise.all([
      runCli(['sign', '--key', 'env://SIGNER', image], env),
      runCli(['verify', '--key', 'env://SIGNER_PUB', image], env),
      runCli(['download', 'signature', image], env),
    ]);
    for (const run of runs)
      assert.match(run.stderr, new RegExp(`still waiting for registry ${slow.host} \\(\\d+ s\\)…`));
  });

  it('is not reported with --output json when stderr is not a terminal', async () => {
    slow.delayMs = 2600;
    const run = await runCli(['image', 'digest', '-o', 'json', `${slow.host}/app:1`]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  it('times out saying how long it waited in all, retries included', async () => {
    slow.delayMs = 60_000;
    const run = await runCli(['image', 'digest', '--timeout', '300ms', `${slow.host}/app:1`]);
    assert.equal(run.code, 4, run.stderr);
    const said =
      /did not answer .* within 300 ms \((\d+) attempts, (\d+\.\d) s waited in all\)/.exec(
        run.stderr,
      );
    assert.ok(said !== null, run.stderr);
    assert.ok(
      Number(said[2]) >= (Number(said[1]) * 300) / 1000,
      'at least the attempts times the timeout',
    );
  });
});
