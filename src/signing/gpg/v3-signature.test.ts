import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { checkV3Signature, type SignerPublicKey } from './v3-signature.js';
import type { V3SignaturePacket } from './v3-signature-packet.js';

const CONTENT = new TextEncoder().encode('{"critical":{"type":"atomic container signature"}}');
const TRAILER = new Uint8Array([0x00, 0x68, 0x81, 0x48, 0xaf]); // binary type, creation time
const RSA = 1;
const HASH_IDS: Record<string, number> = {
  md5: 1,
  sha1: 2,
  ripemd160: 3,
  sha256: 8,
  sha384: 9,
  sha512: 10,
  sha224: 11,
};

function rsa(modulusLength: number): { privateKey: KeyObject; key: SignerPublicKey } {
  const pair = generateKeyPairSync('rsa', { modulusLength });
  const { n, e } = pair.publicKey.export({ format: 'jwk' });
  const params = { n: Buffer.from(n!, 'base64url'), e: Buffer.from(e!, 'base64url') };
  return { privateKey: pair.privateKey, key: { algorithm: RSA, params } };
}

/** A v3 signature over `content` as GnuPG computes it (RFC 4880 §5.2.4). */
function signV3(privateKey: KeyObject, content = CONTENT, hash = 'sha256'): V3SignaturePacket {
  const signed = Buffer.concat([content, TRAILER]);
  return {
    signatureType: 0,
    created: new Date(0x688148af * 1000),
    hashedTrailer: TRAILER,
    issuerKeyID: '0102030405060708',
    publicKeyAlgorithm: RSA,
    hashAlgorithm: HASH_IDS[hash]!,
    hashPrefix: createHash(hash).update(signed).digest().subarray(0, 2),
    mpis: [sign(hash, signed, privateKey)],
  };
}

describe('checkV3Signature', () => {
  const alice = rsa(2048);
  const bob = rsa(2048);
  const small = rsa(1024);
  const check = (signature: V3SignaturePacket, content = CONTENT, key = alice.key) =>
    checkV3Signature(signature, content, key);

  it('accepts an RSA signature with SHA-224, SHA-256, SHA-384 or SHA-512', () => {
    for (const hash of ['sha224', 'sha256', 'sha384', 'sha512']) {
      assert.deepEqual(check(signV3(alice.privateKey, CONTENT, hash)), { kind: 'valid' }, hash);
    }
  });

  it('accepts a signature value whose MPI dropped leading zero bytes', () => {
    // One signature in 256 starts with a zero byte; the MPI encoding (§3.2) strips it.
    for (let attempt = 0; attempt < 4096; attempt += 1) {
      const content = new TextEncoder().encode(`{"n":${attempt}}`);
      const signature = signV3(alice.privateKey, content);
      if (signature.mpis[0]![0] !== 0) continue;
      const stripped = { ...signature, mpis: [signature.mpis[0]!.subarray(1)] };
      assert.deepEqual(check(stripped, content), { kind: 'valid' });
      return;
    }
    assert.fail('no signature with a leading zero byte in 4096 attempts');
  });

  it('rejects a signature over other content', () => {
    const changed = new TextEncoder().encode('{"critical":{"type":"atomic container signaturf"}}');
    assert.equal(check(signV3(alice.privateKey), changed).kind, 'invalid');
  });

  it('rejects a good signature whose quick-check bytes were altered', () => {
    const signature = signV3(alice.privateKey);
    const hashPrefix = new Uint8Array([signature.hashPrefix[0]! ^ 1, signature.hashPrefix[1]!]);
    assert.deepEqual(check({ ...signature, hashPrefix }), {
      kind: 'invalid',
      reason: 'the quick check of the hash (its left 16 bits) fails',
    });
  });

  it('rejects a signature made with another key, though its quick check passes', () => {
    assert.deepEqual(check(signV3(bob.privateKey)), {
      kind: 'invalid',
      reason: 'the RSA signature does not match',
    });
  });

  it('rejects a signature value longer than the modulus and a second value', () => {
    const signature = signV3(alice.privateKey);
    const value = signature.mpis[0]!;
    assert.match(
      reason(
        check({
          ...signature,
          mpis: [Buffer.concat([Buffer.from([1]), value])],
        }),
      ),
      /longer than the modulus/,
    );
    assert.match(reason(check({ ...signature, mpis: [value, value] })), /2 values/);
  });

  it('rejects a key whose algorithm differs from the signature or whose material is unusable', () => {
    const signature = signV3(alice.privateKey);
    assert.match(
      reason(check(signature, CONTENT, { ...alice.key, algorithm: 3 })),
      /by a key of algorithm 3/,
    );
    assert.match(reason(check(signature, CONTENT, { algorithm: RSA, params: {} })), /unusable/);
  });

  const unsupported: [
    what: string,
    signature: () => V3SignaturePacket,
    key: () => SignerPublicKey,
    problem: RegExp,
  ][] = [
    [
      'MD5',
      () => signV3(alice.privateKey, CONTENT, 'md5'),
      () => alice.key,
      /MD5 hash, refused as too weak/,
    ],
    [
      'SHA-1',
      () => ({ ...signV3(alice.privateKey), hashAlgorithm: 2 }),
      () => alice.key,
      /SHA1 hash, refused as too weak/,
    ],
    [
      'RIPEMD-160',
      () => ({ ...signV3(alice.privateKey), hashAlgorithm: 3 }),
      () => alice.key,
      /RIPEMD160 hash/,
    ],
    [
      'an unknown hash',
      () => ({ ...signV3(alice.privateKey), hashAlgorithm: 99 }),
      () => alice.key,
      /hash algorithm 99/,
    ],
    [
      'DSA',
      () => ({ ...signV3(alice.privateKey), publicKeyAlgorithm: 17 }),
      () => alice.key,
      /algorithm 17 \(only RSA/,
    ],
    [
      'a 1024-bit RSA key',
      () => signV3(small.privateKey),
      () => small.key,
      /1024 bits, refused as too weak/,
    ],
  ];
  for (const [what, signature, key, problem] of unsupported) {
    it(`reports ${what} as unsupported, whatever the signature`, () => {
      const result = check(signature(), CONTENT, key());
      assert.equal(result.kind, 'unsupported');
      assert.match(reason(result), problem);
    });
  }
});

function reason(result: ReturnType<typeof checkV3Signature>): string {
  return result.kind === 'valid' ? 'valid' : result.reason;
}
