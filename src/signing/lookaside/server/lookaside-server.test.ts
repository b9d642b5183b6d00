import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { request } from 'undici';
import { loadKeyring, signSimpleSignature } from '../../gpg/index.js';
import { uploadLookasideSignature } from '../upload-client.js';
import { readLookasideSignatures } from '../store.js';
import { startLookasideServer, type RunningLookasideServer } from './lookaside-server.js';
import { parseTokenFile } from './tokens.js';

const TOKEN = 't'.repeat(40);
const DIGEST = `sha256:${'4'.repeat(64)}`;
const OTHER = `sha256:${'5'.repeat(64)}`;
const REPO = 'team/app';
const b64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');

let dir = '';
let server: RunningLookasideServer;
let trustedServer: RunningLookasideServer;
let keys: { trusted: string; untrusted: string; trustedPublic: string };

async function gpgKey(name: string) {
  return openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name }],
    format: 'armored',
  });
}
const sign = async (key: string, digest = DIGEST) =>
  (
    await signSimpleSignature({
      privateKey: key,
      dockerReference: `reg.example/${REPO}:1`,
      manifestDigest: digest,
    })
  ).signature;

async function call(
  base: string,
  method: string,
  path: string,
  init: { body?: string | Uint8Array; token?: string | null; type?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers['authorization'] = `Bearer ${init.token ?? TOKEN}`;
  if (init.body !== undefined) headers['content-type'] = init.type ?? 'application/json';
  const response = await request(`${base}${path}`, {
    method: method as 'GET',
    headers,
    body: init.body,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    text,
    json: () => JSON.parse(text) as { error?: { code: string; message: string }; index?: number },
  };
}
const upload = (base: string, body: object, token?: string | null) =>
  call(base, 'POST', '/upload', {
    body: JSON.stringify(body),
    token: token === undefined ? TOKEN : token,
  });
const validBody = (signature: Uint8Array, digest = DIGEST) => ({
  repoName: b64(REPO),
  layerId: b64(digest),
  signatureData: b64(signature),
});
const folderPath = (digest: string) => `/${REPO}@${digest.replace(':', '=')}`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-lookaside-server-'));
  const [a, b] = await Promise.all([gpgKey('trusted'), gpgKey('untrusted')]);
  keys = { trusted: a.privateKey, untrusted: b.privateKey, trustedPublic: a.publicKey };
  const tokens = parseTokenFile(`${TOKEN}\n`, 'tokens');
  server = await startLookasideServer({
    storage: join(dir, 'open'),
    tokens,
    maxSignatureBytes: 16 * 1024,
  });
  trustedServer = await startLookasideServer({
    storage: join(dir, 'trusted'),
    tokens,
    keyring: await loadKeyring([keys.trustedPublic]),
  });
});
after(async () => {
  await Promise.all([server?.close(), trustedServer?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('lookaside signature server', () => {
  it('stores an upload as signature-1 and serves it in the lookaside layout, 404 past the last', async () => {
    const signature = await sign(keys.trusted);
    const stored = await upload(server.url, validBody(signature));
    assert.equal(stored.status, 201, stored.text);
    assert.equal(stored.json().index, 1);
    const got = await request(`${server.url}${folderPath(DIGEST)}/signature-1`);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(new Uint8Array(await got.body.arrayBuffer()), signature);
    assert.equal(
      (await call(server.url, 'HEAD', `${folderPath(DIGEST)}/signature-1`, { token: null })).status,
      200,
    );
    assert.equal(
      (await call(server.url, 'GET', `${folderPath(DIGEST)}/signature-2`, { token: null })).status,
      404,
    );
    const read = await readLookasideSignatures({
      base: server.url,
      repository: REPO,
      digest: DIGEST,
    });
    assert.equal(read.length, 1);
  });

  it('is written by the upload client', async () => {
    const result = await uploadLookasideSignature(
      { server: new URL(server.url), token: TOKEN },
      { repository: 'client/app', digest: DIGEST },
      await sign(keys.trusted),
    );
    assert.equal(result.index, 1);
  });

  const refused: [
    string,
    () => Promise<{ status: number; json: () => { error?: { code: string; message: string } } }>,
    number,
    string,
    RegExp,
  ][] = [
    [
      'an upload without credentials',
      async () => upload(server.url, validBody(await sign(keys.trusted)), null),
      401,
      'UNAUTHORIZED',
      /Bearer/,
    ],
    [
      'an upload with a wrong token',
      async () => upload(server.url, validBody(await sign(keys.trusted)), 'x'.repeat(40)),
      401,
      'UNAUTHORIZED',
      /token/,
    ],
    [
      'malformed JSON',
      async () => call(server.url, 'POST', '/upload', { body: '{"repoName": ' }),
      400,
      'MALFORMED_REQUEST',
      /not JSON/,
    ],
    [
      'a JSON array',
      async () => call(server.url, 'POST', '/upload', { body: '[]' }),
      400,
      'MALFORMED_REQUEST',
      /JSON object/,
    ],
    [
      'bad base64',
      async () =>
        upload(server.url, {
          ...validBody(await sign(keys.trusted)),
          signatureData: 'not base64!',
        }),
      400,
      'MALFORMED_REQUEST',
      /signatureData is not valid base64/,
    ],
    [
      'an unknown field',
      async () => upload(server.url, { ...validBody(await sign(keys.trusted)), extra: 'x' }),
      400,
      'MALFORMED_REQUEST',
      /unknown field/,
    ],
    [
      'a repository with a registry host',
      async () =>
        upload(server.url, {
          ...validBody(await sign(keys.trusted)),
          repoName: b64('Reg.example:5000/app'),
        }),
      400,
      'MALFORMED_REQUEST',
      /repository path/,
    ],
    [
      'a layerId that is not a digest',
      async () =>
        upload(server.url, { ...validBody(await sign(keys.trusted)), layerId: b64('latest') }),
      400,
      'MALFORMED_REQUEST',
      /manifest digest/,
    ],
    [
      'another content type',
      async () => call(server.url, 'POST', '/upload', { body: 'x', type: 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /application\/json/,
    ],
    [
      'a signature over another digest',
      async () => upload(server.url, validBody(await sign(keys.trusted, OTHER))),
      422,
      'DIGEST_MISMATCH',
      /signs manifest sha256:5+, not sha256:4+/,
    ],
    [
      'garbage instead of a signature',
      async () => upload(server.url, validBody(new TextEncoder().encode('hello'))),
      422,
      'SIGNATURE_INVALID',
      /not a simple signature|signature/,
    ],
    [
      'an oversized body',
      async () => upload(server.url, validBody(new Uint8Array(40 * 1024))),
      413,
      'BODY_TOO_LARGE',
      /larger than/,
    ],
    [
      'an oversized PUT',
      async () =>
        call(server.url, 'PUT', `${folderPath(DIGEST)}/signature-2`, {
          body: new Uint8Array(17 * 1024),
          type: 'application/octet-stream',
        }),
      413,
      'BODY_TOO_LARGE',
      /larger than/,
    ],
    [
      'a PUT over an existing signature',
      async () =>
        call(server.url, 'PUT', `${folderPath(DIGEST)}/signature-1`, {
          body: await sign(keys.trusted),
          type: 'application/octet-stream',
        }),
      409,
      'SIGNATURE_EXISTS',
      /never overwritten/,
    ],
    [
      'a PUT that would leave a gap',
      async () =>
        call(server.url, 'PUT', `${folderPath(DIGEST)}/signature-9`, {
          body: await sign(keys.trusted),
          type: 'application/octet-stream',
        }),
      409,
      'SIGNATURE_GAP',
      /signature-8 does not exist/,
    ],
    [
      'a signature by an untrusted key when a keyring is configured',
      async () => upload(trustedServer.url, validBody(await sign(keys.untrusted))),
      422,
      'SIGNER_NOT_TRUSTED',
      /not in the trusted keyring/,
    ],
    [
      'a path leaving the storage',
      async () =>
        call(server.url, 'GET', `/../../etc@sha256=${'4'.repeat(64)}/signature-1`, { token: null }),
      404,
      'NOT_FOUND',
      /no such signature|does not exist/,
    ],
    [
      'DELETE',
      async () => call(server.url, 'DELETE', `${folderPath(DIGEST)}/signature-1`),
      405,
      'METHOD_NOT_ALLOWED',
      /allowed/,
    ],
  ];
  for (const [what, send, status, code, pattern] of refused) {
    it(`refuses ${what} with ${status} ${code}`, async () => {
      const answer = await send();
      assert.equal(answer.status, status);
      const error = answer.json().error!;
      assert.equal(error.code, code);
      assert.match(error.message, pattern);
    });
  }

  it('accepts a PUT at the next number', async () => {
    const answer = await call(server.url, 'PUT', `${folderPath(DIGEST)}/signature-2`, {
      body: await sign(keys.trusted),
      type: 'application/octet-stream',
    });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.json().index, 2);
  });

  it('accepts a signature by the trusted key when a keyring is configured', async () => {
    const answer = await upload(trustedServer.url, validBody(await sign(keys.trusted)));
    assert.equal(answer.status, 201, answer.text);
  });

  it('numbers 50 concurrent uploads to one image 1 to 50, losing none', async () => {
    const digest = `sha256:${'6'.repeat(64)}`;
    const signatures = await Promise.all(
      Array.from({ length: 50 }, () => sign(keys.trusted, digest)),
    );
    const answers = await Promise.all(
      signatures.map((s) => upload(server.url, validBody(s, digest))),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(50).fill(201),
    );
    assert.deepEqual(
      answers.map((a) => a.json().index).sort((x, y) => x! - y!),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const files = (await readdir(join(dir, 'open', `${REPO}@sha256=${'6'.repeat(64)}`))).filter(
      (f) => f.startsWith('signature-'),
    );
    assert.equal(files.length, 50);
    const stored = await readLookasideSignatures({ base: server.url, repository: REPO, digest });
    const key = (b: Uint8Array) => Buffer.from(b).toString('base64');
    assert.deepEqual(new Set(stored.map(key)), new Set(signatures.map(key)));
  });
});
