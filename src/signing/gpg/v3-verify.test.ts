// v3 signatures end to end through verifySimpleSignature. GnuPG stopped writing v3 signatures
// in 2.1 (--force-v3-sigs is now ignored) and openpgp.js never wrote them, so the signatures
// here are built by hand from openpgp.js RSA keys and node:crypto, and cross-checked with gpg.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync, deflateSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import { loadKeyring, type PublicKeys } from './keyring.js';
import { buildSimpleSignaturePayload } from './payload.js';
import { verifySimpleSignature } from './verify.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const DIGEST = `sha256:${'1'.repeat(64)}`;
const PAYLOAD = buildSimpleSignaturePayload({
  dockerReference: 'quay.io/a/b:1',
  manifestDigest: DIGEST,
});
const HASH_IDS = { md5: 1, sha1: 2, sha256: 8, sha512: 10 } as const;

interface V3Options {
  readonly content?: Uint8Array;
  readonly created?: Date;
  readonly hash?: keyof typeof HASH_IDS;
  readonly type?: number;
  /** The key whose ID the signature names, when it differs from the key that signs. */
  readonly claimedKey?: openpgp.PrivateKey | openpgp.Subkey;
  readonly compression?: 'zip' | 'zlib' | 'none';
}

const uint32 = (value: number) => [24, 16, 8, 0].map((shift) => (value >>> shift) & 255);
const oldPacket = (tag: number, body: number[]) => [
  0x81 | (tag << 2),
  ...uint32(body.length).slice(2),
  ...body,
];
const newPacket = (tag: number, body: number[]) => [
  0xc0 | tag,
  0xff,
  ...uint32(body.length),
  ...body,
];

/** The node:crypto private key of an openpgp.js RSA key packet (JWK needs the CRT values). */
function rsaPrivateKey(key: openpgp.PrivateKey | openpgp.Subkey): KeyObject {
  const packet = key.keyPacket as openpgp.SecretKeyPacket;
  const { n, e } = packet.publicParams as { n: Uint8Array; e: Uint8Array };
  const { d, p, q } = packet.privateParams as { d: Uint8Array; p: Uint8Array; q: Uint8Array };
  const big = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  const b64 = (value: bigint) => {
    const hex = value.toString(16);
    return Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex').toString('base64url');
  };
  const [D, P, Q] = [big(d), big(p), big(q)];
  const jwk = {
    kty: 'RSA',
    n: b64(big(n)),
    e: b64(big(e)),
    d: b64(D),
    p: b64(P),
    q: b64(Q),
    dp: b64(D % (P - 1n)),
    dq: b64(D % (Q - 1n)),
    qi: b64(inverse(Q, P)),
  };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

function inverse(value: bigint, modulus: bigint): bigint {
  let [a, b, x, y] = [value % modulus, modulus, 1n, 0n];
  while (b !== 0n) {
    const quotient = a / b;
    [a, b, x, y] = [b, a - quotient * b, y, x - quotient * y];
  }
  return ((x % modulus) + modulus) % modulus;
}

/** A signed message with a v3 signature, laid out as gpg 1.x wrote it (RFC 4880 §5.2.2, §5.2.4). */
function signV3(signer: openpgp.PrivateKey | openpgp.Subkey, options: V3Options = {}): Uint8Array {
  const content = options.content ?? PAYLOAD;
  const hash = options.hash ?? 'sha256';
  const type = options.type ?? 0;
  const created = Math.floor((options.created ?? later(60)).getTime() / 1000);
  const keyID = [...Buffer.from((options.claimedKey ?? signer).getKeyID().toHex(), 'hex')];
  const trailer = [type, ...uint32(created)];
  const signed = Buffer.concat([content, new Uint8Array(trailer)]);
  const prefix = [...createHash(hash).update(signed).digest().subarray(0, 2)];
  const value = [...sign(hash, signed, rsaPrivateKey(signer))];
  while (value[0] === 0) value.shift();
  const bits = value.length * 8 - Math.clz32(value[0]!) + 24;
  const rsa = 1;
  const message = [
    ...oldPacket(4, [3, type, HASH_IDS[hash], rsa, ...keyID, 1]),
    ...newPacket(11, [0x62, 0, ...uint32(created), ...content]),
    ...oldPacket(2, [
      3,
      5,
      ...trailer,
      ...keyID,
      rsa,
      HASH_IDS[hash],
      ...prefix,
      bits >> 8,
      bits & 255,
      ...value,
    ]),
  ];
  const compression = options.compression ?? 'zip';
  if (compression === 'none') return new Uint8Array(message);
  const deflate = compression === 'zip' ? deflateRawSync : deflateSync;
  // Old-format compressed packet of indeterminate length, as gpg writes it.
  return new Uint8Array([0xa3, compression === 'zip' ? 1 : 2, ...deflate(new Uint8Array(message))]);
}

async function rsaKey(options: { keyExpirationTime?: number; subkeys?: object[] } = {}) {
  return openpgp.generateKey({
    type: 'rsa',
    rsaBits: 2048,
    userIDs: [{ name: 'Signet v3 Test', email: 'v3@signet.test' }],
    date: T0,
    format: 'object',
    ...options,
  });
}

async function verify(signature: Uint8Array, keyring: PublicKeys, now = later(3600)) {
  return verifySimpleSignature({ signature, keyring, now, source: 'sig-v3' });
}

describe('verifySimpleSignature with v3 signature packets', async () => {
  const alice = await rsaKey();
  const bob = await rsaKey();
  const trusted = await loadKeyring([alice.publicKey.armor()]);

  for (const compression of ['zip', 'zlib', 'none'] as const) {
    it(`accepts a v3 signature (${compression === 'none' ? 'uncompressed' : compression}) and returns signer, time and payload`, async () => {
      const result = await verify(signV3(alice.privateKey, { compression }), trusted);
      assert.equal(result.signerFingerprint, alice.publicKey.getFingerprint().toUpperCase());
      assert.equal(result.signingKeyFingerprint, result.signerFingerprint);
      assert.equal(result.signedAt.getTime(), later(60).getTime());
      assert.deepEqual(result.payload, {
        dockerReference: 'quay.io/a/b:1',
        manifestDigest: DIGEST,
      });
    });
  }

  it('accepts a v3 signature by a signing subkey and rejects it once the subkey is revoked', async () => {
    const dave = await rsaKey({ subkeys: [{ sign: true }] });
    const subkey = dave.privateKey.subkeys[0]!;
    const signature = signV3(subkey);
    const result = await verify(signature, await loadKeyring([dave.publicKey.armor()]));
    assert.equal(result.signerFingerprint, dave.publicKey.getFingerprint().toUpperCase());
    assert.equal(result.signingKeyFingerprint, subkey.getFingerprint().toUpperCase());
    const revoked = await openpgp.readPrivateKey({ armoredKey: dave.privateKey.armor() });
    revoked.subkeys[0] = await revoked.subkeys[0]!.revoke(
      revoked.keyPacket as openpgp.SecretKeyPacket,
      {},
      later(1800),
    );
    await assert.rejects(verify(signature, await loadKeyring([revoked.toPublic().armor()])), {
      code: 'GPG_KEY_REVOKED',
      message: /^sig-v3 was made by subkey [0-9A-F]{40} of key [0-9A-F]{40}, which is revoked/,
    });
  });

  it('rejects a v3 signature by a key revoked after it signed, the revocation in a second file', async () => {
    const { publicKey: revocation } = await openpgp.revokeKey({
      key: alice.privateKey,
      date: later(1800),
      format: 'object',
    });
    const keyring = await loadKeyring([alice.publicKey.armor(), revocation.armor()]);
    await assert.rejects(verify(signV3(alice.privateKey), keyring), { code: 'GPG_KEY_REVOKED' });
  });

  it('rejects a v3 signature by a key expired at the verification time, valid when it signed', async () => {
    const expiring = await rsaKey({ keyExpirationTime: 7200 });
    const keyring = await loadKeyring([expiring.publicKey.armor()]);
    const signature = signV3(expiring.privateKey);
    await verify(signature, keyring, later(3600));
    await assert.rejects(verify(signature, keyring, later(3 * 3600)), {
      code: 'GPG_KEY_EXPIRED',
      message: /which expired at 2025-01-01T02:00:00.000Z/,
    });
  });

  it('rejects a v3 signature by a key that is not in the keyring', async () => {
    await assert.rejects(verify(signV3(bob.privateKey), trusted), {
      code: 'GPG_KEY_UNKNOWN',
      message: new RegExp(
        `key ID ${bob.publicKey.getKeyID().toHex().toUpperCase()}, which is not in the trusted keyring`,
      ),
    });
  });

  const invalid: [what: string, signature: () => Uint8Array, message: RegExp][] = [
    [
      'made with another key than the one it names',
      () => signV3(bob.privateKey, { claimedKey: alice.privateKey }),
      /RSA signature does not match.*corrupt or forged/,
    ],
    [
      'whose literal content was changed',
      () =>
        patched(
          signV3(alice.privateKey, { compression: 'none' }),
          -PAYLOAD.length,
          (byte) => byte ^ 1,
        ),
      /corrupt or forged/,
    ],
    [
      'whose quick-check bytes were changed',
      () => patched(signV3(alice.privateKey, { compression: 'none' }), 17, (byte) => byte ^ 0xff),
      /quick check of the hash/,
    ],
    [
      'cut short (openpgp.js notices before it meets the v3 packet)',
      () => signV3(alice.privateKey, { compression: 'none' }).subarray(0, -10),
      /not a binary OpenPGP signed message/,
    ],
    [
      'whose signature packet ends inside its fixed fields',
      () => {
        const cut = signV3(alice.privateKey, { compression: 'none' }).slice(0, SIGNATURE_BODY + 12);
        cut.set([0, 12], SIGNATURE_BODY - 2); // the packet length now says 12 bytes
        return cut;
      },
      /not a valid signed OpenPGP message \(v3 signature packet is truncated \(12 bytes\)\)/,
    ],
    [
      'with an MPI longer than its packet',
      () => patched(signV3(alice.privateKey, { compression: 'none' }), 19, () => 0xff),
      /MPI claims \d+ bytes but only \d+ remain/,
    ],
    [
      'with a packet length beyond the input',
      () => patched(signV3(alice.privateKey, { compression: 'none' }), -2, () => 0xff),
      /not a binary OpenPGP signed message/,
    ],
    [
      'of the text type (0x01)',
      () => signV3(alice.privateKey, { type: 1 }),
      /signature of type 1, not a binary-document signature/,
    ],
    [
      'made after the verification time',
      () => signV3(alice.privateKey, { created: later(7200) }),
      /after the verification time/,
    ],
    [
      'dated before its key existed',
      () => signV3(alice.privateKey, { created: later(-3600) }),
      /was made at 2024-12-31T23:00:00.000Z by key [0-9A-F]{40}, which was not a valid signing key then/,
    ],
  ];
  for (const [what, signature, message] of invalid) {
    it(`rejects a v3 signature ${what}`, async () => {
      await assert.rejects(verify(signature(), trusted), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'GPG_SIGNATURE_INVALID', error.message);
        assert.match(error.message, message);
        assert.ok(error.message.startsWith('sig-v3 '));
        return true;
      });
    });
  }

  for (const hash of ['md5', 'sha1'] as const) {
    it(`refuses a v3 ${hash.toUpperCase()} signature as unsupported, as a v4 one is`, async () => {
      await assert.rejects(verify(signV3(alice.privateKey, { hash }), trusted), {
        code: 'GPG_UNSUPPORTED',
        message: new RegExp(
          `^sig-v3 is a v3 signature using the ${hash.toUpperCase()} hash, refused as too weak`,
        ),
      });
    });
  }

  it('accepts SHA-512 and parses the payload only after the signature verified', async () => {
    await verify(signV3(alice.privateKey, { hash: 'sha512' }), trusted);
    await assert.rejects(
      verify(signV3(alice.privateKey, { content: new TextEncoder().encode('not json') }), trusted),
      {
        code: 'GPG_PAYLOAD_INVALID',
      },
    );
  });
});

/**
 * Where the v3 signature packet body starts in an uncompressed message built by signV3:
 * after the one-pass packet (3 + 13 bytes), the literal packet (6 + 6 + content) and the
 * signature packet header (3 bytes).
 */
const SIGNATURE_BODY = 16 + 12 + PAYLOAD.length + 3;

/** A copy of `message` with `change` applied at `offset` from the signature body. */
function patched(message: Uint8Array, offset: number, change: (byte: number) => number) {
  const copy = new Uint8Array(message);
  copy[SIGNATURE_BODY + offset] = change(copy[SIGNATURE_BODY + offset]!);
  return copy;
}

describe('gpg and the v3 signatures built above', () => {
  const run = promisify(execFile);
  let home = '';
  after(async () => {
    if (home === '') return;
    await run('gpgconf', ['--kill', 'gpg-agent'], {
      env: { ...process.env, GNUPGHOME: home },
    }).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  });

  it('gpg --verify reports a good version 3 signature, which Signet accepts too', async (t) => {
    if (process.env.SIGNET_SKIP_INTEROP === '1') return t.skip('SIGNET_SKIP_INTEROP=1');
    if (
      !(await run('gpg', ['--version']).then(
        () => true,
        () => false,
      ))
    ) {
      return t.skip('gpg is not installed: the hand-built v3 signature is not cross-checked');
    }
    home = await mkdtemp(join(tmpdir(), 'signet-gpg-v3-'));
    const gpg = (...args: string[]) =>
      run('gpg', ['--batch', '--status-fd', '1', ...args], {
        env: { ...process.env, GNUPGHOME: home },
        timeout: 60_000,
      });
    const key = await rsaKey();
    const signature = signV3(key.privateKey);
    await writeFile(join(home, 'key.asc'), key.publicKey.armor());
    await writeFile(join(home, 'signature-v3'), signature);
    await gpg('--import', join(home, 'key.asc'));
    const { stdout } = await gpg('--verify', join(home, 'signature-v3'));
    // VALIDSIG <fingerprint> <date> <timestamp> <expiry> <signature version> ...
    const validsig = /^\[GNUPG:\] VALIDSIG ([0-9A-F]{40}) \S+ (\d+) \d+ (\d+) /m.exec(stdout);
    assert.ok(validsig, stdout);
    const fingerprint = key.publicKey.getFingerprint().toUpperCase();
    assert.deepEqual(validsig.slice(1), [fingerprint, String(later(60).getTime() / 1000), '3']);
    const result = await verify(signature, await loadKeyring([key.publicKey.armor()]));
    assert.equal(result.signerFingerprint, fingerprint);
  });
});
