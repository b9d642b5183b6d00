// The log entry of a key signature, against Signet's own log: reported only when its Rekor
// bundle verifies with a trusted log key and logs exactly this signature.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeBase64 } from '../../core/base64.js';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { CosignAnnotation, type SignatureLayer } from '../../signing/cosign/signature-layer.js';
import { rekorBundleAnnotation } from '../../signing/sign/transparency-log.js';
import { createVerifier } from '../../signing/verify/index.js';
import { cosignSignatureLayer } from '../../testing/cosign-evidence.js';
import { startTemporaryTlogServer } from '../../testing/temporary-tlog-server.js';
import { RekorClient, hashedRekordProposal } from '../../tlog/client/index.js';
import type { RunningTlogServer } from '../../tlog/server/index.js';
import { compiledLogTrust, verifiedLogIndex } from './key-log-entry.js';
import { checkSignatures } from './signatures.js';

const DIGEST = `sha256:${'1f'.repeat(32)}`;

describe('log entries of key signatures', () => {
  let log: RunningTlogServer;
  let ci: PrivateKey;
  let logged: SignatureLayer;
  let loggedIndex: number;
  let unlogged: SignatureLayer;
  let trust: Parameters<typeof compiledLogTrust>[0];

  /** Records `layer`'s signature in the log and returns the layer with cosign's bundle annotation. */
  async function logLayer(layer: SignatureLayer, key: PrivateKey) {
    const signature = decodeBase64(layer.annotations[CosignAnnotation.Signature]!, 'signature');
    const { entry } = await new RekorClient(log.url).createEntry(
      hashedRekordProposal({
        algorithm: 'sha256',
        digestHex: createHash('sha256').update(layer.payload).digest('hex'),
        signature,
        publicKeyPem: key.publicKey.pem,
      }),
    );
    const annotations = {
      ...layer.annotations,
      [CosignAnnotation.Bundle]: rekorBundleAnnotation(entry),
    };
    return { layer: { ...layer, annotations }, logIndex: entry.logIndex };
  }

  before(async () => {
    log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
    ci = await generateKeyPair('ecdsa-p256');
    const pem = await (await fetch(`${log.url}/api/v1/log/publicKey`)).text();
    trust = { keys: [createPublicKey(pem)] };
    unlogged = cosignSignatureLayer(ci, DIGEST);
    ({ layer: logged, logIndex: loggedIndex } = await logLayer(unlogged, ci));
  });
  after(() => log.close());

  it('reports the index of an entry that verifies with a trusted log key', () => {
    assert.equal(verifiedLogIndex(logged, ci.publicKey, compiledLogTrust(trust)), loggedIndex);
  });

  it('reports no index without trusted logs, without an entry, or for another log', () => {
    assert.equal(verifiedLogIndex(logged, ci.publicKey, undefined), undefined);
    assert.equal(verifiedLogIndex(unlogged, ci.publicKey, compiledLogTrust(trust)), undefined);
    const other = { keys: [generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey] };
    assert.equal(verifiedLogIndex(logged, ci.publicKey, compiledLogTrust(other)), undefined);
  });

  it('reports no index for an entry that logs another signature', async () => {
    const { layer: another } = await logLayer(cosignSignatureLayer(ci, DIGEST), ci);
    const swapped = {
      ...unlogged,
      annotations: {
        ...unlogged.annotations,
        // ECDSA signatures differ each time: this entry logs the other signature.
        [CosignAnnotation.Bundle]: another.annotations[CosignAnnotation.Bundle],
      },
    };
    assert.equal(verifiedLogIndex(swapped, ci.publicKey, compiledLogTrust(trust)), undefined);
    const forged = {
      ...logged,
      annotations: {
        ...logged.annotations,
        [CosignAnnotation.Bundle]: logged.annotations[CosignAnnotation.Bundle]!.replace(
          `"logIndex":${loggedIndex}`,
          `"logIndex":${loggedIndex + 1000}`,
        ),
      },
    };
    assert.equal(verifiedLogIndex(forged, ci.publicKey, compiledLogTrust(trust)), undefined);
  });

  it('names the verified entry of the signature that matched, never changing the verdict', () => {
    const verifier = createVerifier({ keys: [ci.publicKey] });
    const check = (layers: SignatureLayer[], hash?: 'sha256') =>
      checkSignatures(ci.publicKey, hash, verifier, layers, DIGEST, [], compiledLogTrust(trust));
    assert.deepEqual(check([logged]), {
      ok: true,
      matched: [{ format: 'legacy', logIndex: loggedIndex }],
    });
    assert.deepEqual(check([logged], 'sha256'), {
      ok: true,
      matched: [{ format: 'legacy', logIndex: loggedIndex }],
    });
    const broken = {
      ...logged,
      annotations: { ...logged.annotations, [CosignAnnotation.Bundle]: '{"not":"a bundle"}' },
    };
    assert.deepEqual(check([broken]), { ok: true, matched: [{ format: 'legacy' }] });
  });
});
