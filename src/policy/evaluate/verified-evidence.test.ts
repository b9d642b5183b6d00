import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  identitySigner,
  keySigner,
  MAX_PREDICATE_TYPE_CHARS,
  MAX_SIGNER_CHARS,
  MAX_VERIFIED_LISTED,
  mergeVerified,
  type VerifiedEvidence,
} from './verified-evidence.js';

const KEY_ID = 'ab'.repeat(32);

describe('verified evidence of an image', () => {
  it('names a key by its fingerprint, and the secret that held it', () => {
    const inline = { kind: 'inline' } as Parameters<typeof keySigner>[0];
    assert.equal(keySigner(inline, KEY_ID), `key sha256:${KEY_ID}`);
    assert.equal(
      keySigner({ kind: 'secret', secretName: 'ci-pub' }, KEY_ID),
      `key sha256:${KEY_ID} (secret ci-pub)`,
    );
  });

  it('names a certificate by its subject and issuer, saying when either is missing', () => {
    assert.equal(
      identitySigner('dev@example.com', 'https://accounts.example'),
      'dev@example.com issued by https://accounts.example',
    );
    assert.equal(identitySigner('dev@example.com', ''), 'dev@example.com');
    assert.equal(
      identitySigner('', 'https://accounts.example'),
      'certificate issued by https://accounts.example',
    );
    assert.equal(identitySigner('', ''), 'certificate without identity');
  });

  it('merges outcomes without duplicates, in first-seen order', () => {
    const a: VerifiedEvidence = {
      signatures: [{ signer: 'k1', layout: 'cosign .sig tag', logIndex: 4 }],
      attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', signer: 'k1' }],
    };
    const b: VerifiedEvidence = {
      signatures: [
        { signer: 'k1', layout: 'cosign .sig tag', logIndex: 4 },
        { signer: 'k1', layout: 'cosign .sig tag', logIndex: 9 },
        { signer: 'k2', layout: 'notation' },
      ],
      attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', signer: 'k1' }],
    };
    assert.deepEqual(mergeVerified([a, undefined, b]), {
      signatures: [
        { signer: 'k1', layout: 'cosign .sig tag', logIndex: 4 },
        { signer: 'k1', layout: 'cosign .sig tag', logIndex: 9 },
        { signer: 'k2', layout: 'notation' },
      ],
      attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', signer: 'k1' }],
    });
  });

  it(`lists at most ${MAX_VERIFIED_LISTED} signatures and attestations, whatever an image carries`, () => {
    const many: VerifiedEvidence = {
      signatures: Array.from({ length: 500 }, (_, i) => ({
        signer: `key ${i}`,
        layout: 'sigstore bundle referrer' as const,
        logIndex: i,
      })),
      attestations: Array.from({ length: 500 }, (_, i) => ({
        predicateType: `https://example/${i}`,
        signer: 'k',
      })),
    };
    const merged = mergeVerified([many, many]);
    assert.equal(merged.signatures.length, MAX_VERIFIED_LISTED);
    assert.equal(merged.attestations.length, MAX_VERIFIED_LISTED);
    assert.equal(merged.signatures[0]!.signer, 'key 0');
  });

  it('shortens a signer and a predicate type to what the server accepts', () => {
    const long = 'x'.repeat(5000);
    const merged = mergeVerified([
      {
        signatures: [{ signer: long, layout: 'notation' }],
        attestations: [{ predicateType: long, signer: long }],
      },
    ]);
    assert.equal(merged.signatures[0]!.signer.length, MAX_SIGNER_CHARS);
    assert.ok(merged.signatures[0]!.signer.endsWith('…'));
    assert.equal(merged.attestations[0]!.predicateType.length, MAX_PREDICATE_TYPE_CHARS);
    assert.equal(merged.attestations[0]!.signer.length, MAX_SIGNER_CHARS);
  });

  it('is empty when nothing was verified', () => {
    assert.deepEqual(mergeVerified([]), { signatures: [], attestations: [] });
  });
});
