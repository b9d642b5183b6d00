// How `signet gpg sign --upload` reaches a signature server: the upload token never crosses
// a network in clear unless --allow-insecure-token says so, and --ca-file CAs verify an
// https:// server. Through the command line, against the embedded registry and a real
// `signet serve lookaside` server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { buildImage, pushImage } from '../../oci/build/index.js';
import { parseReference } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import {
  parseTokenFile,
  startLookasideServer,
  type RunningLookasideServer,
} from '../../signing/lookaside/server/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { loopbackServingCertificate } from '../../testing/kube-cluster-certs.js';
import { runCli } from '../../testing/run-cli.js';

const TOKEN = 'upload-token-'.padEnd(40, 'x');

let dir = '';
let registry: RunningRegistry;
let image = '';
let caFile = '';
let tlsServer: RunningLookasideServer;

const path = (name: string) => join(dir, name);
const gpgSign = (upload: string, ...extra: string[]) =>
  runCli([
    'gpg',
    'sign',
    '--gpg-key',
    path('key.asc'),
    '--upload',
    upload,
    '--upload-token-file',
    path('token'),
    ...extra,
    image,
  ]);

/** An address of this machine that is not loopback, so plain HTTP to it leaves loopback. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-gpg-upload-'));
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'upload-test' }],
    format: 'armored',
  });
  await writeFile(path('key.asc'), privateKey);
  await writeFile(path('token'), `${TOKEN}\n`);
  registry = await startInMemoryRegistry();
  image = `${registry.host}/team/app:1.0`;
  const client = new RegistryClient();
  try {
    await pushImage(client, parseReference(image), buildImage({ layers: 1, layerBytes: 64 }));
  } finally {
    await client.close();
  }
  const serving = await loopbackServingCertificate('signet-gpg-upload');
  caFile = path('ca.pem');
  await writeFile(caFile, serving.caPem);
  tlsServer = await startLookasideServer({
    storage: path('tls-store'),
    tokens: parseTokenFile(TOKEN, 'tokens'),
    tls: { cert: serving.certificatePem, key: serving.privateKeyPem },
  });
});

after(async () => {
  await tlsServer?.close();
  await registry?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('signet gpg sign --upload over plain HTTP', () => {
  it('refuses to send the token to a host that is not loopback, exit 3', async () => {
    const run = await gpgSign('http://signatures.example:1/');
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /LOOKASIDE_TOKEN_INSECURE/);
    assert.match(run.stderr, /signatures\.example/);
    assert.doesNotMatch(run.stderr, new RegExp(TOKEN), 'the token is never printed');
  });

  it('refuses the same through signet sign --gpg-key', async () => {
    const run = await runCli([
      'sign',
      '--gpg-key',
      path('key.asc'),
      '--upload',
      'http://signatures.example:1/',
      '--upload-token-file',
      path('token'),
      image,
    ]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /LOOKASIDE_TOKEN_INSECURE/);
  });

  const address = nonLoopbackAddress();
  it(
    'uploads in clear beyond loopback with --allow-insecure-token',
    { skip: address === undefined ? 'this machine has no non-loopback IPv4 address' : false },
    async () => {
      const plain = await startLookasideServer({
        storage: path('plain-store'),
        tokens: parseTokenFile(TOKEN, 'tokens'),
        host: address,
      });
      try {
        const refused = await gpgSign(plain.url);
        assert.equal(refused.code, 3, refused.stderr);
        assert.match(refused.stderr, /LOOKASIDE_TOKEN_INSECURE/);
        const run = await gpgSign(plain.url, '--allow-insecure-token');
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /signature-1 at http:\/\//);
      } finally {
        await plain.close();
      }
    },
  );

  it('takes --allow-insecure-token only with --upload (exit 2)', async () => {
    const run = await runCli([
      'gpg',
      'sign',
      '--gpg-key',
      path('key.asc'),
      '--lookaside',
      path('folder'),
      '--allow-insecure-token',
      image,
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--allow-insecure-token applies only to --upload/);
  });
});

describe('signet gpg sign --upload over HTTPS', () => {
  it('uploads to a server whose certificate a --ca-file CA signed', async () => {
    const run = await gpgSign(tlsServer.url, '--ca-file', caFile, '-o', 'json');
    assert.equal(run.code, 0, run.stderr);
    const [result] = JSON.parse(run.stdout) as { stored: { index: number; url: string } }[];
    assert.equal(result!.stored.index, 1);
    assert.match(result!.stored.url, /^https:\/\/127\.0\.0\.1:\d+\//);
    const [folder] = await readdir(path('tls-store/team'));
    assert.deepEqual(await readdir(path(`tls-store/team/${folder}`)), ['signature-1']);
  });

  it('refuses a server it cannot verify without --ca-file, exit 4', async () => {
    const run = await gpgSign(tlsServer.url);
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /LOOKASIDE_WRITE_FAILED/);
  });
});
