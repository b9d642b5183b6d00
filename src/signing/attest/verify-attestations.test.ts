import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { encodeDsseEnvelope } from '../../core/dsse.js';
import { signDsse } from '../bundle/index.js';
import { buildStatement } from '../intoto/index.js';
import { verifyAttestations, type AttestationCandidate } from './verify-attestations.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;
const SLSA = 'https://slsa.dev/provenance/v1';
const PREDICATE = {
  buildDefinition: { buildType: 'https://b.example/t', externalParameters: {} },
  runDetails: { builder: { id: 'https://b.example' } },
};
let ci: PrivateKey;
let other: PrivateKey;

function candidate(
  key: PrivateKey,
  predicate: unknown = PREDICATE,
  source = 'att 1',
): AttestationCandidate {
  const envelope = signDsse(key, buildStatement([{ digest: DIGEST }], SLSA, predicate));
  return { source, envelope: new TextEncoder().encode(encodeDsseEnvelope(envelope)) };
}

describe('verifying the attestations of an image', () => {
  before(async () => {
    ci = await generateKeyPair('ecdsa-p384');
    other = await generateKeyPair('ed25519');
  });

  it('verifies with any of the keys and says which key and where', () => {
    const verdict = verifyAttestations(
      [candidate(other, PREDICATE, 'att 1'), candidate(ci, PREDICATE, 'att 2')],
      {
        keys: [ci.publicKey],
        predicateType: SLSA,
        subjectDigest: DIGEST,
      },
    );
    assert.equal(verdict.verified.length, 1);
    assert.equal(verdict.verified[0]?.source, 'att 2');
    assert.equal(verdict.verified[0]?.keyId, ci.publicKey.keyId);
    assert.deepEqual(verdict.refused, [
      { source: 'att 1', reason: 'att 1: no signature verifies with the key' },
    ]);
  });

  it('refuses signed provenance that breaks the SLSA v1 schema, naming the field', () => {
    const verdict = verifyAttestations([candidate(ci, { runDetails: {} })], {
      keys: [ci.publicKey],
      predicateType: SLSA,
      subjectDigest: DIGEST,
    });
    assert.equal(verdict.verified.length, 0);
    assert.match(
      verdict.refused[0]?.reason ?? '',
      /^att 1: predicate\.buildDefinition is required and must be an object \(and 1 more problems\)$/,
    );
  });

  it('applies provenance expectations, the condition and the extra check in turn', () => {
    const options = { keys: [ci.publicKey], predicateType: SLSA, subjectDigest: DIGEST };
    const builder = verifyAttestations([candidate(ci)], {
      ...options,
      provenance: { builderId: 'https://x' },
    });
    assert.match(
      builder.refused[0]?.reason ?? '',
      /builder\.id is "https:\/\/b\.example", not "https:\/\/x"/,
    );
    const condition = verifyAttestations([candidate(ci)], {
      ...options,
      condition: () => 'condition is false',
    });
    assert.equal(condition.refused[0]?.reason, 'att 1: condition is false');
    const extra = verifyAttestations([candidate(ci)], {
      ...options,
      extraCheck: () => 'carries no log entry',
    });
    assert.equal(extra.refused[0]?.reason, 'att 1: carries no log entry');
    const passed = verifyAttestations([candidate(ci)], {
      ...options,
      condition: () => undefined,
      extraCheck: () => undefined,
    });
    assert.equal(passed.verified.length, 1);
  });

  it('refuses a statement about another digest', () => {
    const verdict = verifyAttestations([candidate(ci)], {
      keys: [ci.publicKey],
      predicateType: SLSA,
      subjectDigest: `sha256:${'2e'.repeat(32)}`,
    });
    assert.match(verdict.refused[0]?.reason ?? '', /no subject\[\]\.digest names sha256:2e2e/);
  });
});
