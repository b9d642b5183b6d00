// Real public data: the public Rekor is sharded, so an inclusion proof's logIndex counts
// within its shard's tree while the entry's counts across shards. A DSSE bundle from the
// sigstore-conformance suite (made on the public instance; its entry 155690850 is proven
// at shard index 33786588) must verify against the public-good log key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dsseEnvelopeFromJson } from '../../core/dsse.js';
import { publicKeyFromCertificate } from '../../core/keys/index.js';
import { publicGoodTrustedRoot } from '../trust/index.js';
import { compileTlogTrust } from '../verify/index.js';
import { verifyBundleTlogEntry } from './bundle-tlog.js';

const CASES = resolve(
  process.env.SIGNET_FIXTURES ?? '../shared/fixtures',
  'sigstore-conformance',
  'bundle-verify',
);
const present = existsSync(CASES);
const SKIP = `sigstore-conformance fixtures not found at ${CASES}; set SIGNET_FIXTURES to run these tests`;

interface PublicBundle {
  verificationMaterial: {
    certificate: { rawBytes: string };
    tlogEntries: { logIndex: string; inclusionProof: { logIndex: string } }[];
  };
  dsseEnvelope: unknown;
}

function load(): PublicBundle {
  const text = readFileSync(
    join(CASES, 'happy-path-intoto-in-dsse-v3', 'bundle.sigstore.json'),
    'utf8',
  );
  return JSON.parse(text) as PublicBundle;
}

function verify(bundle: PublicBundle) {
  const logKeys = publicGoodTrustedRoot().tlogs.map((log) => ({
    key: createPublicKey({
      key: Buffer.from(log.publicKey!.rawBytes!),
      format: 'der',
      type: 'spki',
    }),
  }));
  const der = Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64');
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
  return verifyBundleTlogEntry(
    bundle.verificationMaterial.tlogEntries[0],
    dsseEnvelopeFromJson(bundle.dsseEnvelope, 'dsseEnvelope'),
    publicKeyFromCertificate(pem, 'certificate'),
    compileTlogTrust({ keys: logKeys }),
  );
}

describe('inclusion proofs from the sharded public Rekor', () => {
  it('verifies an entry whose proof index is shard-local', (t) => {
    if (!present) return t.skip(SKIP);
    const bundle = load();
    const entry = bundle.verificationMaterial.tlogEntries[0]!;
    assert.notEqual(entry.logIndex, entry.inclusionProof.logIndex);
    const outcome = verify(bundle);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(outcome.logIndex, Number(entry.logIndex));
    assert.equal(outcome.inclusionProven, true);
  });

  it('refuses the same proof at another shard-local index', (t) => {
    if (!present) return t.skip(SKIP);
    const bundle = load();
    const entry = bundle.verificationMaterial.tlogEntries[0]!;
    entry.inclusionProof.logIndex = String(Number(entry.inclusionProof.logIndex) + 1);
    const outcome = verify(bundle);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.message, /inclusion proof does not verify/);
  });

  it('refuses a proof index beyond the entry’s global index', (t) => {
    if (!present) return t.skip(SKIP);
    const bundle = load();
    const entry = bundle.verificationMaterial.tlogEntries[0]!;
    entry.inclusionProof.logIndex = String(Number(entry.logIndex) + 1);
    const outcome = verify(bundle);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.message, /not a shard-local index of entry 155690850/);
  });
});
