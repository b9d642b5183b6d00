import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { privateKeyFromKeyObject, signData } from '../../core/keys/index.js';
import { hashedRekordProposal, testKey, type TestKeyType } from '../../testing/tlog-proposals.js';
import { leafHash } from '../merkle/index.js';
import { canonicalizeProposedEntry } from './proposed-entry.js';

const artifact = Buffer.from('signet artifact\n');

type Spec = {
  data: { hash: { algorithm: string; value: string } };
  signature: { content: string; publicKey: { content: string } };
};
const specOf = (proposal: Record<string, unknown>) => proposal.spec as Spec;

describe('hashedrekord 0.0.1', () => {
  const cases: { type: TestKeyType; hash: 'sha256' | 'sha384' }[] = [
    { type: 'p256', hash: 'sha256' },
    { type: 'p384', hash: 'sha384' },
    { type: 'rsa', hash: 'sha256' },
  ];
  for (const { type, hash } of cases) {
    it(`accepts a ${type} signature over the ${hash} digest`, () => {
      const key = testKey(type);
      const entry = canonicalizeProposedEntry(hashedRekordProposal(key, artifact, hash));
      assert.equal(entry.kind, 'hashedrekord');
      assert.deepEqual(entry.leafHash, leafHash(entry.body));
      assert.equal(entry.uuid, Buffer.from(entry.leafHash).toString('hex'));
    });
  }

  it('accepts an Ed25519ph signature over the sha512 digest, as Rekor verifies Ed25519', () => {
    const key = testKey('ed25519');
    const signature = signData(privateKeyFromKeyObject(key.privateKey, 'test key'), artifact, {
      ed25519: 'prehash',
    });
    const proposal = {
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: {
          hash: { algorithm: 'sha512', value: createHash('sha512').update(artifact).digest('hex') },
        },
        signature: {
          content: Buffer.from(signature).toString('base64'),
          publicKey: { content: Buffer.from(key.publicPem).toString('base64') },
        },
      },
    };
    assert.equal(canonicalizeProposedEntry(proposal).kind, 'hashedrekord');
  });

  it('stores the canonical body Rekor stores: JCS, canonical PEM, no extra members', () => {
    const key = testKey('p256');
    const proposal = hashedRekordProposal(key, artifact);
    const spec = specOf(proposal);
    // A PEM with CRLF line ends and an unknown member must canonicalize to the same leaf.
    const crlf = Buffer.from(key.publicPem.replace(/\n/g, '\r\n')).toString('base64');
    const variant = {
      ...proposal,
      spec: { ...spec, extra: 1, signature: { ...spec.signature, publicKey: { content: crlf } } },
    };
    const a = canonicalizeProposedEntry(proposal);
    const b = canonicalizeProposedEntry(variant);
    assert.equal(a.uuid, b.uuid);
    const text = Buffer.from(a.body).toString();
    assert.equal(
      text,
      `{"apiVersion":"0.0.1","kind":"hashedrekord","spec":{"data":{"hash":{"algorithm":"sha256","value":"${spec.data.hash.value}"}},"signature":{"content":"${spec.signature.content}","publicKey":{"content":"${Buffer.from(key.publicPem).toString('base64')}"}}}}`,
    );
    assert.ok(a.searchKeys.includes(`hash:sha256:${spec.data.hash.value}`));
  });

  it('rejects a signature made with another key', () => {
    const proposal = hashedRekordProposal(testKey('p256'), artifact);
    specOf(proposal).signature.publicKey.content = Buffer.from(testKey('p256').publicPem).toString(
      'base64',
    );
    assert.throws(() => canonicalizeProposedEntry(proposal), {
      code: 'TLOG_ENTRY_SIGNATURE_INVALID',
    });
  });

  it('rejects a digest that is not the signed one', () => {
    const proposal = hashedRekordProposal(testKey('p256'), artifact);
    specOf(proposal).data.hash.value = createHash('sha256').update('other').digest('hex');
    assert.throws(() => canonicalizeProposedEntry(proposal), {
      code: 'TLOG_ENTRY_SIGNATURE_INVALID',
    });
  });

  it('rejects a key and hash pairing outside the allowed algorithms', () => {
    const key = testKey('p256');
    assert.throws(() => canonicalizeProposedEntry(hashedRekordProposal(key, artifact, 'sha512')), {
      code: 'TLOG_ENTRY_ALGORITHM_NOT_ALLOWED',
    });
  });

  const malformed: [string, (spec: Spec) => void, string][] = [
    ['an unknown hash algorithm', (s) => (s.data.hash.algorithm = 'md5'), 'TLOG_ENTRY_MALFORMED'],
    ['a short digest', (s) => (s.data.hash.value = 'abcd'), 'TLOG_ENTRY_MALFORMED'],
    [
      'an uppercase digest',
      (s) => (s.data.hash.value = s.data.hash.value.toUpperCase()),
      'TLOG_ENTRY_MALFORMED',
    ],
    [
      'a signature that is not base64',
      (s) => (s.signature.content = '!!!'),
      'TLOG_ENTRY_MALFORMED',
    ],
    [
      'a key that is not PEM',
      (s) => (s.signature.publicKey.content = Buffer.from('nope').toString('base64')),
      'TLOG_ENTRY_VERIFIER_INVALID',
    ],
    [
      'an oversized signature',
      (s) => (s.signature.content = 'A'.repeat(100_000)),
      'TLOG_ENTRY_TOO_LARGE',
    ],
    [
      'an oversized key',
      (s) => (s.signature.publicKey.content = 'A'.repeat(1_000_000)),
      'TLOG_ENTRY_TOO_LARGE',
    ],
  ];
  for (const [name, mutate, code] of malformed) {
    it(`rejects ${name}`, () => {
      const proposal = hashedRekordProposal(testKey('p256'), artifact);
      mutate(specOf(proposal));
      assert.throws(() => canonicalizeProposedEntry(proposal), { code });
    });
  }

  it('rejects a missing signature object', () => {
    const proposal = hashedRekordProposal(testKey('p256'), artifact);
    delete (proposal.spec as Record<string, unknown>).signature;
    assert.throws(() => canonicalizeProposedEntry(proposal), { code: 'TLOG_ENTRY_MALFORMED' });
  });
});
