// sigstore-js as a real client: @sigstore/sign obtains log entries from Signet's log over
// HTTP, and @sigstore/verify checks them (SET, checkpoint, inclusion proof, body) against
// a trusted root naming the log's key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { bundleFromJSON, bundleToJSON } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  MessageSignatureBundleBuilder,
  RekorWitness,
  type Signer,
} from '@sigstore/sign';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { customTrustedRoot } from '../../signing/trust/custom-root.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import type { RunningTlogServer } from './start.js';

const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingPem = signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const HINT = 'signet-test-key';

const signer: Signer = {
  sign: (data) =>
    Promise.resolve({
      signature: sign('sha256', data, { key: signingKey.privateKey, dsaEncoding: 'der' }),
      key: { $case: 'publicKey', publicKey: signingPem, hint: HINT },
    }),
};

let server: RunningTlogServer;

async function verifier(logUrl = server.url) {
  const pem = await (await fetch(`${server.url}/api/v1/log/publicKey`)).text();
  const trustedRoot = customTrustedRoot({ logKeys: [{ key: createPublicKey(pem) }], logUrl });
  const trust = toTrustMaterial(trustedRoot, (hint) => {
    assert.equal(hint, HINT);
    return { publicKey: signingKey.publicKey, validFor: () => true };
  });
  // The SET's integrated time is the one timestamp required (timestampThreshold 1, the default).
  return new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 0 });
}

const witness = (entryType?: 'dsse') =>
  new RekorWitness({
    rekorBaseURL: server.url,
    entryType,
    fetchOnConflict: true,
    timeout: 10_000,
    retry: 0,
  });

describe('sigstore-js against Signet’s log', () => {
  before(async () => {
    server = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
  });
  after(() => server.close());

  it('records a DSSE attestation that @sigstore/verify accepts', async () => {
    const statement = Buffer.from(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [],
        predicateType: 'x',
        predicate: {},
      }),
    );
    const bundle = await new DSSEBundleBuilder({ signer, witnesses: [witness('dsse')] }).create({
      data: statement,
      type: 'application/vnd.in-toto+json',
    });
    const json = bundleToJSON(bundle);
    const entry = json.verificationMaterial.tlogEntries[0]!;
    assert.equal(entry.kindVersion?.kind, 'dsse');
    assert.ok(entry.inclusionPromise?.signedEntryTimestamp);
    assert.ok(
      entry.inclusionProof?.checkpoint.envelope.startsWith(`127.0.0.1 - ${server.treeId}\n`),
    );
    (await verifier()).verify(toSignedEntity(bundleFromJSON(json)));
  });

  it('records a message signature (hashedrekord) that @sigstore/verify accepts', async () => {
    const artifact = Buffer.from('signet release artifact\n');
    const bundle = await new MessageSignatureBundleBuilder({
      signer,
      witnesses: [witness()],
    }).create({ data: artifact });
    const json = bundleToJSON(bundle);
    assert.equal(json.verificationMaterial.tlogEntries[0]!.kindVersion?.kind, 'hashedrekord');
    (await verifier()).verify(toSignedEntity(bundleFromJSON(json), artifact));
  });

  it('fetches the existing entry on a duplicate submission (409 and Location)', async () => {
    const artifact = Buffer.from('signed twice\n');
    // ECDSA signatures are randomized; a fixed signature makes the second proposal identical.
    const signature = sign('sha256', artifact, { key: signingKey.privateKey, dsaEncoding: 'der' });
    const fixed: Signer = {
      sign: () =>
        Promise.resolve({
          signature,
          key: { $case: 'publicKey', publicKey: signingPem, hint: HINT },
        }),
    };
    const builder = new MessageSignatureBundleBuilder({ signer: fixed, witnesses: [witness()] });
    const first = bundleToJSON(await builder.create({ data: artifact }));
    const second = bundleToJSON(await builder.create({ data: artifact }));
    assert.equal(
      second.verificationMaterial.tlogEntries[0]!.logIndex,
      first.verificationMaterial.tlogEntries[0]!.logIndex,
    );
    (await verifier()).verify(toSignedEntity(bundleFromJSON(second), artifact));
  });

  it('is rejected by @sigstore/verify when the bundle is tampered with', async () => {
    const artifact = Buffer.from('tamper target\n');
    const json = bundleToJSON(
      await new MessageSignatureBundleBuilder({ signer, witnesses: [witness()] }).create({
        data: artifact,
      }),
    );
    const entry = json.verificationMaterial.tlogEntries[0]!;
    const v = await verifier();
    const tampered = structuredClone(json);
    tampered.verificationMaterial.tlogEntries[0]!.integratedTime = String(
      Number(entry.integratedTime) - 1,
    );
    assert.throws(() => v.verify(toSignedEntity(bundleFromJSON(tampered), artifact)));
    assert.throws(() =>
      v.verify(toSignedEntity(bundleFromJSON(json), Buffer.from('other artifact'))),
    );
    // A trusted root for a log at another URL does not match the checkpoint's signature name.
    const elsewhere = await verifier('http://log.example.com');
    assert.throws(() => elsewhere.verify(toSignedEntity(bundleFromJSON(json), artifact)));
  });
});
