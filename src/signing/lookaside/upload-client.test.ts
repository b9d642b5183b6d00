// Where the upload client agrees to send its bearer token: https:// anywhere, http:// only
// to loopback unless the caller insists. Refusals happen before any byte is sent.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { signSimpleSignature } from '../gpg/index.js';
import { parseTokenFile, startLookasideServer } from './server/index.js';
import { uploadLookasideSignature } from './upload-client.js';

const TOKEN = 'u'.repeat(40);
const DIGEST = `sha256:${'9'.repeat(64)}`;
const IMAGE = { repository: 'team/app', digest: DIGEST };

/** An address of this machine that is not loopback, or undefined when it has none. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
const noOutsideAddress =
  outsideAddress === undefined ? 'this machine has no non-loopback IPv4 address' : undefined;

let signature: Uint8Array;
before(async () => {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'upload client test' }],
    format: 'armored',
  });
  ({ signature } = await signSimpleSignature({
    privateKey,
    dockerReference: 'reg.example/team/app:1',
    manifestDigest: DIGEST,
  }));
});

describe('upload client token transport', () => {
  it('refuses to send a token over plain HTTP to a host that is not loopback', async () => {
    await assert.rejects(
      uploadLookasideSignature(
        { server: new URL('http://signatures.example.invalid:5080'), token: TOKEN },
        IMAGE,
        new Uint8Array([1]),
      ),
      {
        code: 'LOOKASIDE_TOKEN_INSECURE',
        message: /over plain HTTP.*--tls-cert.*explicitly/s,
      },
    );
  });

  it('refuses a scheme other than http and https', async () => {
    for (const url of ['file:///tmp/sigs', 'ftp://sigs.example']) {
      await assert.rejects(
        uploadLookasideSignature({ server: new URL(url), token: TOKEN }, IMAGE, signature),
        { code: 'LOOKASIDE_URL_UNSUPPORTED' },
      );
    }
  });

  describe('against a listener on a non-loopback address', { skip: noOutsideAddress }, () => {
    let listener: Server;
    let connections = 0;
    before(async () => {
      listener = createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => listener.listen(0, outsideAddress, resolve));
    });
    after(() => new Promise<void>((resolve) => listener.close(() => resolve())));

    it('opens no connection at all when it refuses', async () => {
      const { port } = listener.address() as { port: number };
      await assert.rejects(
        uploadLookasideSignature(
          { server: new URL(`http://${outsideAddress}:${port}`), token: TOKEN },
          IMAGE,
          signature,
        ),
        { code: 'LOOKASIDE_TOKEN_INSECURE' },
      );
      assert.equal(connections, 0);
    });
  });

  it(
    'sends it over plain HTTP to a non-loopback host when allowed explicitly',
    { skip: noOutsideAddress },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'signet-upload-client-'));
      const server = await startLookasideServer({
        storage: dir,
        tokens: parseTokenFile(`${TOKEN}\n`, 'tokens'),
        host: outsideAddress,
      });
      try {
        const stored = await uploadLookasideSignature(
          { server: new URL(server.url), token: TOKEN, allowInsecureToken: true },
          IMAGE,
          signature,
        );
        assert.equal(stored.index, 1);
        // The answer names where the signature is stored, not the upload endpoint.
        assert.match(stored.url, /^http:\/\/[^/]+\/.+@sha256=[0-9a-f]{64}\/signature-1$/);
        assert.doesNotMatch(stored.url, /\/upload/);
      } finally {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
