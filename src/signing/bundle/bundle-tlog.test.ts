import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDsseEnvelope } from '../../core/dsse.js';
import { generateKeyPair } from '../../core/keys/index.js';
import { RekorClient, dsseProposal } from '../../tlog/client/index.js';
import { startTlogServer, type RunningTlogServer } from '../../tlog/server/index.js';
import { compileTlogTrust, type CompiledTlogTrust } from '../verify/index.js';
import { verifyBundleTlogEntry } from './bundle-tlog.js';
import { signDsse } from './sign-statement.js';
import { transparencyLogEntryJson } from './tlog-entry-json.js';

const signer = await generateKeyPair('ecdsa-p256');
const envelope = signDsse(signer, new TextEncoder().encode('{"_type":"test"}'));

/** The fields of a TransparencyLogEntry JSON the cases edit. */
interface Tle {
  logIndex: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  inclusionPromise?: { signedEntryTimestamp: string };
  inclusionProof?: { treeSize: string; hashes: string[]; checkpoint: { envelope: string } };
}

describe('verifyBundleTlogEntry', () => {
  let dir: string;
  let server: RunningTlogServer;
  let trust: CompiledTlogTrust;
  let tle: Tle;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-bundle-tlog-'));
    server = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: dir });
    const client = new RekorClient(server.url);
    trust = compileTlogTrust({ keys: [createPublicKey(await client.publicKeyPem())] });
    const { entry } = await client.createEntry(
      dsseProposal(encodeDsseEnvelope(envelope), [signer.publicKey.pem]),
    );
    tle = transparencyLogEntryJson(entry) as unknown as Tle;
    await client.close();
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const mutate = (change: (t: Tle) => void): Tle => {
    const copy = structuredClone(tle);
    change(copy);
    return copy;
  };

  it('verifies the SET, inclusion proof and checkpoint of the envelope it logs', () => {
    const outcome = verifyBundleTlogEntry(tle, envelope, signer.publicKey, trust);
    assert.equal(outcome.ok, true, (outcome as { message?: string }).message);
    assert.equal((outcome as { inclusionProven: boolean }).inclusionProven, true);
  });

  it('verifies the SET alone when no inclusion proof is present', () => {
    const outcome = verifyBundleTlogEntry(
      mutate((t) => delete t.inclusionProof),
      envelope,
      signer.publicKey,
      trust,
    );
    assert.equal(outcome.ok, true);
    assert.equal((outcome as { inclusionProven: boolean }).inclusionProven, false);
  });

  const flip = (b64: string) => {
    const bytes = Buffer.from(b64, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    return bytes.toString('base64');
  };
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a tampered SET',
      () =>
        mutate(
          (t) =>
            (t.inclusionPromise!.signedEntryTimestamp = flip(
              t.inclusionPromise!.signedEntryTimestamp,
            )),
        ),
      /signed entry timestamp/,
    ],
    [
      'a tampered proof hash',
      () =>
        mutate((t) =>
          t.inclusionProof!.hashes.length > 0
            ? (t.inclusionProof!.hashes[0] = flip(t.inclusionProof!.hashes[0]!))
            : (t.inclusionProof!.treeSize = '9'),
        ),
      /inclusion proof|tree size/,
    ],
    [
      'an altered checkpoint',
      () =>
        mutate(
          (t) =>
            (t.inclusionProof!.checkpoint.envelope = t.inclusionProof!.checkpoint.envelope.replace(
              /\n\d+\n/,
              '\n999\n',
            )),
        ),
      /checkpoint does not verify/,
    ],
    [
      'a kindVersion that is not the body',
      () => mutate((t) => (t.kindVersion.kind = 'hashedrekord')),
      /kindVersion does not match/,
    ],
    [
      'an integer field that is not a number',
      () => mutate((t) => (t.logIndex = 'x')),
      /logIndex must be a whole number/,
    ],
    [
      'an entry of another log',
      () => mutate((t) => (t.logId.keyId = Buffer.alloc(32).toString('base64'))),
      /not a trusted log key/,
    ],
    [
      'neither promise nor proof',
      () =>
        mutate((t) => {
          delete t.inclusionProof;
          delete t.inclusionPromise;
        }),
      /neither an inclusion promise nor a proof/,
    ],
    ['not an object', () => 'entry', /entry must be an object/],
  ];
  for (const [name, make, message] of cases) {
    it(`rejects ${name}`, () => {
      const outcome = verifyBundleTlogEntry(make(), envelope, signer.publicKey, trust);
      assert.equal(outcome.ok, false);
      assert.match((outcome as { message: string }).message, message);
    });
  }

  it('rejects the entry for another envelope or another signer', async () => {
    const other = signDsse(signer, new TextEncoder().encode('{"_type":"other"}'));
    const forOther = verifyBundleTlogEntry(tle, other, signer.publicKey, trust);
    assert.match((forOther as { message: string }).message, /hash of another payload/);
    const stranger = await generateKeyPair('ecdsa-p256');
    const bySomeoneElse = verifyBundleTlogEntry(tle, envelope, stranger.publicKey, trust);
    assert.match((bySomeoneElse as { message: string }).message, /another signing key/);
  });

  it('rejects every entry when the trusted log key is another', () => {
    const otherTrust = compileTlogTrust({
      keys: [generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
    });
    assert.equal(verifyBundleTlogEntry(tle, envelope, signer.publicKey, otherTrust).ok, false);
  });
});
