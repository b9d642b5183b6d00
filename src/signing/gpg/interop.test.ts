// Interoperability with the real tools: GnuPG and skopeo accept what Signet signs, and Signet
// accepts what they sign. Each run uses a throwaway GNUPGHOME with freshly generated keys.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { digestOf } from '../../core/digest.js';
import { checkSimpleSignature } from './check.js';
import { loadKeyring } from './keyring.js';
import { containersManifestDigest } from './manifest-digest.js';
import { signSimpleSignature } from './sign.js';
import { verifySimpleSignature } from './verify.js';

const run = promisify(execFile);
const skipInterop = process.env.SIGNET_SKIP_INTEROP === '1';
const REFERENCE = 'registry.example:5000/team/app:1.0';
const PASSPHRASE = 'interop-passphrase';
const MANIFEST = new TextEncoder().encode(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digestOf(new Uint8Array([1])),
      size: 1,
    },
    layers: [],
  }),
);

let home = '';
let fingerprint = '';
const env = () => ({ ...process.env, GNUPGHOME: home });
/** Runs a tool with a bound on its run time; a missing binary fails the test (see README). */
async function tool(file: string, args: string[]) {
  return run(file, args, {
    env: env(),
    timeout: 60_000,
    maxBuffer: 4 * 1024 * 1024,
    encoding: 'buffer',
  });
}
const gpg = (...args: string[]) =>
  tool('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', PASSPHRASE, ...args]);
const path = (name: string) => join(home, name);

describe(
  'interoperability with gpg and skopeo',
  { skip: skipInterop && 'SIGNET_SKIP_INTEROP=1' },
  () => {
    before(async () => {
      home = await mkdtemp(join(tmpdir(), 'signet-gpg-'));
      // ed25519 is generated in milliseconds, unlike RSA; the fixtures cover RSA keys.
      await gpg(
        '--quick-gen-key',
        'Signet Interop <interop@signet.test>',
        'ed25519',
        'sign',
        'never',
      );
      const { stdout } = await gpg('--with-colons', '--list-secret-keys');
      fingerprint = /^fpr:{9}([0-9A-F]{40}):/m.exec(stdout.toString())![1]!;
      await writeFile(path('manifest.json'), MANIFEST);
    });
    after(async () => {
      if (home === '') return;
      await tool('gpgconf', ['--kill', 'gpg-agent']).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    });

    async function keyring() {
      return loadKeyring([
        { name: 'gpg --export', data: new Uint8Array((await gpg('--export', fingerprint)).stdout) },
      ]);
    }

    it('verifies a signature made by skopeo standalone-sign', async () => {
      await gpg('--armor', '--export', fingerprint); // agent and keyring are warm before skopeo runs
      await tool('skopeo', [
        'standalone-sign',
        '--passphrase-file',
        await passphraseFile(),
        path('manifest.json'),
        REFERENCE,
        fingerprint,
        '-o',
        path('skopeo.sig'),
      ]);
      const signature = await readFile(path('skopeo.sig'));
      assert.equal(
        firstPacketTag(signature),
        COMPRESSED_DATA,
        'skopeo writes a compressed message',
      );
      const result = await verifySimpleSignature({
        signature,
        keyring: await keyring(),
        now: new Date(),
        source: 'skopeo.sig',
      });
      assert.equal(result.signerFingerprint, fingerprint);
      checkSimpleSignature(result.payload, {
        manifestDigest: containersManifestDigest(MANIFEST),
        dockerReference: REFERENCE,
      });
    });

    it('verifies a message made by gpg --sign (compressed, as gpg writes it)', async () => {
      await writeFile(
        path('payload.json'),
        '{"critical":{"identity":{"docker-reference":"a/b:c"},"image":{"docker-manifest-digest":"' +
          digestOf(MANIFEST) +
          '"},"type":"atomic container signature"},"optional":{}}',
      );
      await gpg(
        '--local-user',
        fingerprint,
        '--output',
        path('gpg.sig'),
        '--sign',
        path('payload.json'),
      );
      const signature = await readFile(path('gpg.sig'));
      assert.equal(firstPacketTag(signature), COMPRESSED_DATA);
      const result = await verifySimpleSignature({
        signature,
        keyring: await keyring(),
        now: new Date(),
      });
      assert.equal(result.payload.dockerReference, 'a/b:c');
    });

    it('refuses a SHA-1 signature made by gpg as unsupported', async () => {
      await gpg(
        '--local-user',
        fingerprint,
        '--digest-algo',
        'SHA1',
        '--output',
        path('sha1.sig'),
        '--sign',
        path('payload.json'),
      );
      const signature = await readFile(path('sha1.sig'));
      await assert.rejects(
        verifySimpleSignature({
          signature,
          keyring: await keyring(),
          now: new Date(),
          source: 'sha1.sig',
        }),
        {
          code: 'GPG_UNSUPPORTED',
          message:
            /^sha1.sig uses an OpenPGP feature Signet does not verify: .*(SHA1|hash algorithm)/i,
        },
      );
    });

    it('makes signatures that gpg --verify and skopeo standalone-verify accept', async () => {
      const secret = (await gpg('--armor', '--export-secret-keys', fingerprint)).stdout.toString();
      const { signature, signerFingerprint } = await signSimpleSignature({
        privateKey: secret,
        passphrase: PASSPHRASE,
        dockerReference: REFERENCE,
        manifestDigest: containersManifestDigest(MANIFEST),
      });
      assert.equal(signerFingerprint, fingerprint);
      await writeFile(path('signet.sig'), signature);
      const { stdout: status } = await gpg('--status-fd', '1', '--verify', path('signet.sig'));
      assert.match(status.toString(), new RegExp(`GOODSIG [0-9A-F]{16} `));
      assert.match(status.toString(), new RegExp(`VALIDSIG ${fingerprint} `));
      const { stdout: content } = await gpg('--decrypt', path('signet.sig'));
      assert.match(
        content.toString(),
        /^\{"critical":\{"identity":\{"docker-reference":"registry.example:5000\/team\/app:1.0"\}/,
      );
      const { stdout } = await tool('skopeo', [
        'standalone-verify',
        path('manifest.json'),
        REFERENCE,
        fingerprint,
        path('signet.sig'),
      ]);
      // skopeo 1.9 prints "Signature verified, digest …"; later versions add the fingerprint.
      assert.match(stdout.toString(), /^Signature verified.*digest sha256:[0-9a-f]{64}$/m);
      assert.ok(stdout.toString().includes(containersManifestDigest(MANIFEST)));
    });

    it('makes signatures that skopeo rejects for another reference', async () => {
      const secret = (await gpg('--export-secret-keys', fingerprint)).stdout;
      const { signature } = await signSimpleSignature({
        privateKey: new Uint8Array(secret),
        passphrase: PASSPHRASE,
        dockerReference: REFERENCE,
        manifestDigest: containersManifestDigest(MANIFEST),
      });
      await writeFile(path('other.sig'), signature);
      await assert.rejects(
        tool('skopeo', [
          'standalone-verify',
          path('manifest.json'),
          'registry.example:5000/team/other:1.0',
          fingerprint,
          path('other.sig'),
        ]),
        (error: { stderr?: Buffer }) => /does not match/.test(String(error.stderr)),
      );
    });
  },
);

/** RFC 4880 §4.2: bits 5-2 of an old-format header, bits 5-0 of a new-format one. */
const COMPRESSED_DATA = 8;
function firstPacketTag(bytes: Uint8Array): number {
  const header = bytes[0] ?? 0;
  return header & 0x40 ? header & 0x3f : (header >> 2) & 0x0f;
}

async function passphraseFile(): Promise<string> {
  await writeFile(path('passphrase'), PASSPHRASE, { mode: 0o600 });
  return path('passphrase');
}
