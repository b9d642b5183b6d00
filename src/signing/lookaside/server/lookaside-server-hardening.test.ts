// The signature server against hostile requests: non-canonical paths (judged as sent,
// never normalised), TLS, and the shared server limits with small values.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import {
  connectSilently,
  holdConnections,
  stallMidHeaders,
  tryOneMoreConnection,
} from '../../../testing/hostile-clients.js';
import { rawRequest } from '../../../testing/index.js';
import {
  createTestCertificateAuthority,
  loopbackServingCertificate,
} from '../../../testing/kube-cluster-certs.js';
import { signSimpleSignature } from '../../gpg/index.js';
import { uploadLookasideSignature } from '../upload-client.js';
import { startLookasideServer, type RunningLookasideServer } from './lookaside-server.js';
import { parseTokenFile } from './tokens.js';

const TOKEN = 't'.repeat(40);
const DIGEST = `sha256:${'4'.repeat(64)}`;
const REPO = 'team/app';
const folderPath = (digest: string) => `/${REPO}@${digest.replace(':', '=')}`;
const tokens = () => parseTokenFile(`${TOKEN}\n`, 'tokens');

let dir = '';
let server: RunningLookasideServer;
let privateKey = '';

const sign = async (digest = DIGEST) =>
  (
    await signSimpleSignature({
      privateKey,
      dockerReference: `reg.example/${REPO}:1`,
      manifestDigest: digest,
    })
  ).signature;

/** PUT of a raw signature, with the upload token. */
const put = async (base: string, path: string, body: Uint8Array) =>
  rawRequest(base, path, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' },
    body,
  });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-lookaside-hardening-'));
  ({ privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'hardening' }],
    format: 'armored',
  }));
  server = await startLookasideServer({
    storage: join(dir, 'open'),
    tokens: tokens(),
    maxSignatureBytes: 16 * 1024,
  });
});
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('lookaside signature server paths', () => {
  const READ = `sha256:${'7'.repeat(64)}`;
  const WRITE = `sha256:${'8'.repeat(64)}`;
  const hex = (digest: string) => digest.replace(':', '=');
  /** Every way of spelling `/team/app@…/signature-1` that is not the canonical one. */
  const attacks = (digest: string): [string, string][] => [
    ['a ".." segment', `/other/../${REPO}@${hex(digest)}/signature-1`],
    ['an encoded ".."', `/other/%2e%2e/${REPO}@${hex(digest)}/signature-1`],
    ['an upper-case encoded ".."', `/other/%2E%2E/${REPO}@${hex(digest)}/signature-1`],
    ['a "." segment', `/team/./app@${hex(digest)}/signature-1`],
    ['backslashes', `/other\\..\\${REPO}@${hex(digest)}/signature-1`],
    ['a leading "//host"', `//other/${REPO}@${hex(digest)}/signature-1`],
    ['a doubled slash', `/team//app@${hex(digest)}/signature-1`],
    ['an encoded slash', `/team%2fapp@${hex(digest)}/signature-1`],
    ['an absolute-form target', `http://other/${REPO}@${hex(digest)}/signature-1`],
  ];

  before(async () => {
    const stored = await put(server.url, `/${REPO}@${hex(READ)}/signature-1`, await sign(READ));
    assert.equal(stored.status, 201, stored.body.toString());
  });

  for (const [what, path] of attacks(READ)) {
    it(`answers GET and HEAD of a path with ${what} with 404 NOT_FOUND`, async () => {
      for (const method of ['GET', 'HEAD']) {
        const answer = await rawRequest(server.url, path, { method });
        assert.equal(answer.status, 404, `${method} ${path}`);
        if (method === 'GET') assert.equal(answer.json().error.code, 'NOT_FOUND');
      }
    });
  }

  for (const [what, path] of attacks(WRITE)) {
    it(`refuses a PUT to a path with ${what} with 404 NOT_FOUND and stores nothing`, async () => {
      const answer = await put(server.url, path, await sign(WRITE));
      assert.equal(answer.status, 404, path);
      assert.equal(answer.json().error.code, 'NOT_FOUND');
    });
  }

  it('wrote none of the refused PUTs anywhere, inside or outside the store', async () => {
    const exists = (path: string) =>
      access(path).then(
        () => true,
        () => false,
      );
    for (const folder of [`${REPO}@${hex(WRITE)}`, `app@${hex(WRITE)}`, `other@${hex(WRITE)}`]) {
      assert.equal(await exists(join(dir, 'open', folder)), false, folder);
    }
    assert.deepEqual(await readdir(dir), ['open']);
  });

  it('still serves the canonical path', async () => {
    const answer = await rawRequest(server.url, `/${REPO}@${hex(READ)}/signature-1`);
    assert.equal(answer.status, 200);
  });
});

describe('lookaside signature server over TLS', () => {
  let tlsServer: RunningLookasideServer;
  let caPem: string;
  let serving: { certificatePem: string; privateKeyPem: string; caPem: string };
  before(async () => {
    serving = await loopbackServingCertificate('signet-lookaside-test');
    caPem = serving.caPem;
    tlsServer = await startLookasideServer({
      storage: join(dir, 'tls'),
      tokens: tokens(),
      tls: { cert: serving.certificatePem, key: serving.privateKeyPem },
      limits: { handshakeTimeoutMs: 200, headersTimeoutMs: 200 },
    });
  });
  after(() => tlsServer?.close());

  it('serves https and takes an upload from a client that trusts its CA', async () => {
    assert.match(tlsServer.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const stored = await uploadLookasideSignature(
      { server: new URL(tlsServer.url), token: TOKEN, caCertificates: [caPem] },
      { repository: REPO, digest: DIGEST },
      await sign(),
    );
    assert.equal(stored.index, 1);
  });

  it('is refused by a client that does not trust its certificate', async () => {
    await assert.rejects(
      uploadLookasideSignature(
        { server: new URL(tlsServer.url), token: TOKEN },
        { repository: REPO, digest: DIGEST },
        await sign(),
      ),
      { code: 'LOOKASIDE_WRITE_FAILED' },
    );
  });

  it('disconnects a client that never finishes its TLS handshake', async () => {
    assert.equal(await connectSilently(tlsServer.url), '');
  });

  it('refuses to start with a key that does not belong to the certificate', async () => {
    const other = await (
      await createTestCertificateAuthority('other')
    ).issue({
      commonName: 'other',
      usage: 'server',
    });
    await assert.rejects(
      startLookasideServer({
        storage: join(dir, 'tls'),
        tokens: tokens(),
        tls: { cert: serving.certificatePem, key: other.privateKeyPem },
      }),
      { code: 'LOOKASIDE_SERVER_CONFIG_INVALID', message: /not a usable pair/ },
    );
  });
});

describe('lookaside signature server limits', () => {
  it('disconnects a client that sends half its headers and stalls, answering 408', async () => {
    const limited = await startLookasideServer({
      storage: join(dir, 'limits'),
      tokens: tokens(),
      limits: { headersTimeoutMs: 200 },
    });
    try {
      assert.match(await stallMidHeaders(limited.url), /^HTTP\/1\.1 408 /);
      assert.equal((await rawRequest(limited.url, '/upload')).status, 405);
    } finally {
      await limited.close();
    }
  });

  it('refuses connections beyond the cap and serves again once one closes', async () => {
    const limited = await startLookasideServer({
      storage: join(dir, 'limits'),
      tokens: tokens(),
      limits: { maxConnections: 2 },
    });
    const held = await holdConnections(limited.url, 2, '/upload');
    try {
      assert.equal(await tryOneMoreConnection(limited.url, '/upload'), '');
      held.pop()?.destroy();
      let answer = '';
      for (let attempt = 0; attempt < 50 && answer === ''; attempt++) {
        answer = await tryOneMoreConnection(limited.url, '/upload');
        if (answer === '') await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.match(answer, /^HTTP\/1\.1 405 /);
    } finally {
      for (const socket of held) socket.destroy();
      await limited.close();
    }
  });

  it('refuses an oversized body with 413 without reading it, and keeps serving', async () => {
    const path = `${folderPath(DIGEST)}/signature-1`;
    const answer = await put(server.url, path, new Uint8Array(1024 * 1024));
    assert.equal(answer.status, 413);
    assert.equal(answer.json().error.code, 'BODY_TOO_LARGE');
    assert.equal(answer.headers.connection, 'close');
    assert.equal((await put(server.url, path, await sign())).status, 201);
  });

  it('refuses limits out of range with LOOKASIDE_SERVER_CONFIG_INVALID', async () => {
    await assert.rejects(
      startLookasideServer({ storage: dir, tokens: tokens(), limits: { maxConnections: 0 } }),
      { code: 'LOOKASIDE_SERVER_CONFIG_INVALID', message: /maxConnections/ },
    );
  });
});
