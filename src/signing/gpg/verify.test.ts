// Verification against keys generated per run: key state at the injected time, message
// shapes gpg would refuse, and bounds. The real-world fixtures are in fixtures.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import { loadKeyring, type PublicKeys } from './keyring.js';
import { MAX_SIGNATURE_BYTES } from './openpgp-config.js';
import { buildSimpleSignaturePayload } from './payload.js';
import { verifySimpleSignature } from './verify.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const SIGNED_AT = later(60);
const DIGEST = `sha256:${'1'.repeat(64)}`;
const PAYLOAD = buildSimpleSignaturePayload({
  dockerReference: 'quay.io/a/b:1',
  manifestDigest: DIGEST,
});

/** Curve25519 keys generate in milliseconds; RSA keys are covered by the fixtures. */
async function generate(options: { keyExpirationTime?: number; subkeys?: object[] } = {}) {
  return openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'Signet Test', email: 'test@signet.test' }],
    date: T0,
    format: 'object',
    ...options,
  });
}

async function sign(
  keys: openpgp.PrivateKey[],
  content: Uint8Array = PAYLOAD,
  date = SIGNED_AT,
): Promise<Uint8Array> {
  const message = await openpgp.createMessage<Uint8Array>({
    binary: content,
    date,
  });
  return (await openpgp.sign({ message, signingKeys: keys, format: 'binary', date })) as Uint8Array;
}

/** An OpenPGP compressed data packet (RFC 4880 §5.6, algorithm 1 = raw deflate) around `inner`. */
function compressed(inner: Uint8Array): Uint8Array {
  const body = Buffer.concat([Buffer.from([1]), deflateRawSync(inner)]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return new Uint8Array(Buffer.concat([Buffer.from([0xc8, 0xff]), length, body]));
}

async function verify(signature: Uint8Array, keyring: PublicKeys, now = later(3600)) {
  return verifySimpleSignature({ signature, keyring, now, source: 'sig-under-test' });
}

describe('verifySimpleSignature', async () => {
  const alice = await generate();
  const bob = await generate();
  const trusted = await loadKeyring([alice.publicKey.armor()]);

  it('returns the signer, the signing time and the payload of a good signature', async () => {
    const result = await verify(await sign([alice.privateKey]), trusted);
    assert.equal(result.signerFingerprint, alice.publicKey.getFingerprint().toUpperCase());
    assert.equal(result.signedAt.getTime(), SIGNED_AT.getTime());
    assert.deepEqual(result.payload, { dockerReference: 'quay.io/a/b:1', manifestDigest: DIGEST });
  });

  it('accepts a compressed message, as gpg and skopeo write them', async () => {
    const result = await verify(compressed(await sign([alice.privateKey])), trusted);
    assert.equal(result.payload.manifestDigest, DIGEST);
  });

  it('rejects a signature made with another key', async () => {
    await assert.rejects(verify(await sign([bob.privateKey]), trusted), {
      code: 'GPG_KEY_UNKNOWN',
      message:
        /^sig-under-test was made by key ID [0-9A-F]{16}, which is not in the trusted keyring/,
    });
  });

  it('rejects a message with two signatures even when one is trusted', async () => {
    const both = await loadKeyring([alice.publicKey.armor(), bob.publicKey.armor()]);
    await assert.rejects(verify(await sign([alice.privateKey, bob.privateKey]), both), {
      code: 'GPG_SIGNATURE_INVALID',
      message: /carries 2 signatures/,
    });
  });

  it('rejects a text-mode signature', async () => {
    const message = await openpgp.createMessage({
      text: new TextDecoder().decode(PAYLOAD),
      date: SIGNED_AT,
    });
    const signature = await openpgp.sign({
      message,
      signingKeys: alice.privateKey,
      format: 'binary',
      date: SIGNED_AT,
    });
    await assert.rejects(verify(signature, trusted), {
      code: 'GPG_SIGNATURE_INVALID',
      message: /type 1/,
    });
  });

  it('rejects a detached signature without the signed content', async () => {
    const message = await openpgp.createMessage({ binary: PAYLOAD, date: SIGNED_AT });
    const signature = await openpgp.sign({
      message,
      signingKeys: alice.privateKey,
      format: 'binary',
      detached: true,
      date: SIGNED_AT,
    });
    await assert.rejects(verify(signature, trusted), { code: 'GPG_SIGNATURE_INVALID' });
  });

  it('rejects a message whose signed content was altered', async () => {
    const altered = new Uint8Array(await sign([alice.privateKey]));
    const at = Buffer.from(altered).indexOf('quay.io/a/b:1') + 'quay.io/a/b:'.length;
    altered[at] = 0x32; // the signed tag 1 becomes 2
    await assert.rejects(verify(altered, trusted), {
      code: 'GPG_SIGNATURE_INVALID',
      message: /corrupt or forged/,
    });
  });

  it('rejects a key that expired before the verification time, though valid when it signed', async () => {
    const expiring = await generate({ keyExpirationTime: 7200 });
    const keyring = await loadKeyring([expiring.publicKey.write()]);
    const signature = await sign([expiring.privateKey]);
    await verify(signature, keyring, later(3600));
    await assert.rejects(verify(signature, keyring, later(3 * 3600)), {
      code: 'GPG_KEY_EXPIRED',
      message: /which expired at 2025-01-01T02:00:00.000Z/,
    });
  });

  it('rejects a key revoked after it signed, the revocation coming from a second keyring file', async () => {
    const carol = await generate();
    const signature = await sign([carol.privateKey]);
    const { publicKey: revocation } = await openpgp.revokeKey({
      key: carol.privateKey,
      date: later(1800),
      format: 'object',
    });
    const keyring = await loadKeyring([carol.publicKey.armor(), revocation.armor()]);
    await assert.rejects(verify(signature, keyring), {
      code: 'GPG_KEY_REVOKED',
      message: /key [0-9A-F]{40}, which is revoked/,
    });
  });

  it('accepts a signature by a signing subkey and rejects it once the subkey is revoked', async () => {
    const dave = await generate({ subkeys: [{ sign: true }] });
    const subkey = dave.privateKey.subkeys[0]!;
    const signature = await sign([dave.privateKey]);
    const keyring = await loadKeyring([dave.publicKey.armor()]);
    const result = await verify(signature, keyring);
    assert.equal(result.signingKeyFingerprint, subkey.getFingerprint().toUpperCase());
    const withRevokedSubkey = await openpgp.readPrivateKey({ armoredKey: dave.privateKey.armor() });
    const primaryPacket = withRevokedSubkey.keyPacket as openpgp.SecretKeyPacket;
    withRevokedSubkey.subkeys[0] = await withRevokedSubkey.subkeys[0]!.revoke(
      primaryPacket,
      {},
      later(1800),
    );
    const withRevocation = await loadKeyring([withRevokedSubkey.toPublic().armor()]);
    await assert.rejects(verify(signature, withRevocation), {
      code: 'GPG_KEY_REVOKED',
      message: /subkey/,
    });
  });

  it('refuses a compressed message that expands beyond the bound', async () => {
    const bomb = compressed(await sign([alice.privateKey], new Uint8Array(4 * 1024 * 1024)));
    assert.ok(bomb.length < 64 * 1024);
    await assert.rejects(verify(bomb, trusted), {
      code: 'GPG_SIGNATURE_INVALID',
      message: /decompressed message size/,
    });
  });

  it('refuses empty, oversized and truncated input', async () => {
    const good = await sign([alice.privateKey]);
    for (const signature of [
      new Uint8Array(0),
      new Uint8Array(MAX_SIGNATURE_BYTES + 1),
      good.subarray(0, good.length - 10),
    ]) {
      await assert.rejects(verify(signature, trusted), { code: 'GPG_SIGNATURE_INVALID' });
    }
  });

  it('needs an explicit, valid verification time', async () => {
    const signature = await sign([alice.privateKey]);
    await assert.rejects(
      verifySimpleSignature({ signature, keyring: trusted, now: new Date(Number.NaN) }),
      TypeError,
    );
  });
});
