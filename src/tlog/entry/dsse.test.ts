import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dsseProposal, inTotoStatement, testKey } from '../../testing/tlog-proposals.js';
import { canonicalizeProposedEntry } from './proposed-entry.js';

const statement = inTotoStatement('a'.repeat(64));
type Content = { envelope: string; verifiers: string[] };
const contentOf = (p: Record<string, unknown>) =>
  (p.spec as { proposedContent: Content }).proposedContent;

describe('dsse 0.0.1', () => {
  it('stores the payload and envelope hashes and the signatures, never the payload', () => {
    const key = testKey('p256');
    const proposal = dsseProposal([key], statement);
    const entry = canonicalizeProposedEntry(proposal);
    const body = JSON.parse(Buffer.from(entry.body).toString());
    const envelope = JSON.parse(contentOf(proposal).envelope);
    assert.deepEqual(body, {
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: {
          algorithm: 'sha256',
          value: createHash('sha256').update(contentOf(proposal).envelope).digest('hex'),
        },
        payloadHash: {
          algorithm: 'sha256',
          value: createHash('sha256').update(statement).digest('hex'),
        },
        signatures: [
          { signature: envelope.signatures[0].sig, verifier: contentOf(proposal).verifiers[0] },
        ],
      },
    });
    assert.ok(!Buffer.from(entry.body).toString().includes(envelope.payload));
    assert.ok(entry.searchKeys.includes(`hash:sha256:${'a'.repeat(64)}`), 'subject indexed');
  });

  it('sorts several signatures by their base64 text', () => {
    const keys = [testKey('p256'), testKey('ed25519'), testKey('rsa')];
    const entry = canonicalizeProposedEntry(dsseProposal(keys, statement));
    const sigs = JSON.parse(Buffer.from(entry.body).toString()).spec.signatures.map(
      (s: { signature: string }) => s.signature,
    );
    assert.equal(sigs.length, 3);
    assert.deepEqual(sigs, [...sigs].sort());
  });

  it('rejects a signature made with another key', () => {
    const proposal = dsseProposal([testKey('p256')], statement, undefined, [testKey('p256')]);
    assert.throws(() => canonicalizeProposedEntry(proposal), {
      code: 'TLOG_ENTRY_SIGNATURE_INVALID',
    });
  });

  it('rejects an envelope whose payload was altered after signing', () => {
    const proposal = dsseProposal([testKey('p256')], statement);
    const content = contentOf(proposal);
    const envelope = JSON.parse(content.envelope);
    envelope.payload = Buffer.from(inTotoStatement('b'.repeat(64))).toString('base64');
    content.envelope = JSON.stringify(envelope);
    assert.throws(() => canonicalizeProposedEntry(proposal), {
      code: 'TLOG_ENTRY_SIGNATURE_INVALID',
    });
  });

  it('rejects a verifier that verifies no signature', () => {
    const signer = testKey('p256');
    const proposal = dsseProposal([signer], statement, undefined, [signer, testKey('p256')]);
    assert.throws(() => canonicalizeProposedEntry(proposal), {
      code: 'TLOG_ENTRY_SIGNATURE_INVALID',
    });
  });

  it('rejects server-computed fields sent by the client', () => {
    const proposal = dsseProposal([testKey('p256')], statement);
    (proposal.spec as Record<string, unknown>).payloadHash = { algorithm: 'sha256', value: '00' };
    assert.throws(() => canonicalizeProposedEntry(proposal), { code: 'TLOG_ENTRY_MALFORMED' });
  });

  it('takes server-computed fields sent as null or empty as absent, as rekor-cli sends them', () => {
    const proposal = dsseProposal([testKey('p256')], statement);
    const plain = canonicalizeProposedEntry(proposal);
    Object.assign(proposal.spec as Record<string, unknown>, {
      signatures: null,
      envelopeHash: null,
      payloadHash: null,
    });
    assert.equal(canonicalizeProposedEntry(proposal).uuid, plain.uuid);
    (proposal.spec as Record<string, unknown>).signatures = [];
    assert.equal(canonicalizeProposedEntry(proposal).uuid, plain.uuid);
  });

  const malformed: [string, (c: Content) => void, string][] = [
    ['an envelope that is not JSON', (c) => (c.envelope = '{'), 'TLOG_ENTRY_MALFORMED'],
    ['no verifiers', (c) => (c.verifiers = []), 'TLOG_ENTRY_MALFORMED'],
    [
      'too many verifiers',
      (c) => (c.verifiers = Array<string>(9).fill(c.verifiers[0]!)),
      'TLOG_ENTRY_TOO_LARGE',
    ],
    [
      'an oversized envelope',
      (c) => (c.envelope = ' '.repeat(5 * 1024 * 1024)),
      'TLOG_ENTRY_TOO_LARGE',
    ],
  ];
  for (const [name, mutate, code] of malformed) {
    it(`rejects ${name}`, () => {
      const proposal = dsseProposal([testKey('p256')], statement);
      mutate(contentOf(proposal));
      assert.throws(() => canonicalizeProposedEntry(proposal), { code });
    });
  }
});
