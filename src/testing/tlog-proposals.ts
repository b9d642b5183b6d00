/**
 * Test-only builders of proposed transparency-log entries, signed with fresh keys, in the
 * exact shapes sigstore-js sends (hashedrekord and dsse 0.0.1).
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { preAuthEncoding } from '../core/dsse.js';

export interface TestKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicPem: string;
}

export type TestKeyType = 'p256' | 'p384' | 'ed25519' | 'rsa';

export function testKey(type: TestKeyType = 'p256'): TestKey {
  const pair =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: type === 'p256' ? 'P-256' : 'P-384' });
  return {
    ...pair,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

/** A hashedrekord proposal over `artifact`, signed with `key` using the hash matching its type. */
export function hashedRekordProposal(
  key: TestKey,
  artifact: Uint8Array,
  hash: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): Record<string, unknown> {
  const digest = createHash(hash).update(artifact).digest('hex');
  const signature =
    key.privateKey.asymmetricKeyType === 'ed25519'
      ? undefined
      : sign(hash, artifact, { key: key.privateKey, dsaEncoding: 'der' });
  if (signature === undefined) throw new Error('use ed25519phProposal for Ed25519 keys');
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: hash, value: digest } },
      signature: { content: b64(signature), publicKey: { content: b64(key.publicPem) } },
    },
  };
}

/** A dsse proposal: an envelope over `payload` signed by every key in `signers`. */
export function dsseProposal(
  signers: readonly TestKey[],
  payload: Uint8Array,
  payloadType = 'application/vnd.in-toto+json',
  verifiers: readonly TestKey[] = signers,
): Record<string, unknown> {
  const pae = preAuthEncoding(payloadType, payload);
  const envelope = {
    payloadType,
    payload: b64(payload),
    signatures: signers.map((k) => ({
      keyid: '',
      sig: b64(
        k.privateKey.asymmetricKeyType === 'ed25519'
          ? sign(null, pae, k.privateKey)
          : sign('sha256', pae, { key: k.privateKey, dsaEncoding: 'der' }),
      ),
    })),
  };
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      proposedContent: {
        envelope: JSON.stringify(envelope),
        verifiers: verifiers.map((k) => b64(k.publicPem)),
      },
    },
  };
}

/** An in-toto statement naming one subject by its sha256. */
export function inTotoStatement(subjectSha256: string): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'artifact', digest: { sha256: subjectSha256 } }],
      predicateType: 'https://example.com/test/v1',
      predicate: {},
    }),
  );
}
