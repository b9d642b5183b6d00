// `transparencyLog.entryRequired` at admission, against the embedded registry and a real
// Signet log: a webhook given the log's key (`serve webhook --tlog-key`) admits an image
// whose signature is in the log and records the entry's index; one without the key cannot
// verify the entry and denies, saying what it needs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { buildImage, pushImage } from '../../oci/build/index.js';
import { parseReference } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { signImage } from '../../signing/sign/sign-image.js';
import type { TlogTrust } from '../../signing/verify/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { RekorClient } from '../../tlog/client/index.js';
import { startTlogServer, type RunningTlogServer } from '../../tlog/server/index.js';
import { prodPodRequest, testDecider } from '../../testing/admission-decider.js';
import { reviewRecord } from '../server/decision-record.js';
import type { AdmissionDecider } from './decider.js';

const OPEN = `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: open}
spec:
  images: [{glob: "**"}]
  authorities: [{static: {action: pass}}]
`;

const LOGGED = `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: logged}
spec:
  name: Logged signature
  description: Images must carry a CI signature recorded in the transparency log.
  remediation: Sign with signet sign --tlog-url.
  severity: high
  lifecycleStages: [deploy]
  enforcement: {deploy: enforce}
  criteria:
    signature:
      authorities: [{name: ci, key: {secretRef: {name: ci-pub}}}]
    transparencyLog: {entryRequired: true}
`;

describe('an admission SecurityPolicy requiring a transparency-log entry', () => {
  let registry: RunningRegistry;
  let log: RunningTlogServer;
  let dir: string;
  let ci: PrivateKey;
  let trust: TlogTrust;
  let logIndex: number;
  const deciders: AdmissionDecider[] = [];
  const image = () => `${registry.host}/team/logged:1.0`;
  const pod = () => prodPodRequest(image());
  const decider = (trustedLogs?: TlogTrust) => {
    const made = testDecider({
      ciPublicKeyPem: ci.publicKey.pem,
      policies: OPEN,
      securityPolicies: LOGGED,
      ...(trustedLogs === undefined ? {} : { trustedLogs }),
    });
    deciders.push(made);
    return made;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-admission-tlog-'));
    registry = await startInMemoryRegistry();
    log = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'log') });
    ci = await generateKeyPair('ecdsa-p256');
    const rekor = new RekorClient(log.url);
    trust = { keys: [createPublicKey(await rekor.publicKeyPem())] };
    const client = new RegistryClient();
    const ref = parseReference(image());
    await pushImage(client, ref, buildImage());
    const signed = await signImage(client, ref, ci, {
      layout: 'legacy',
      transparencyLog: rekor,
    });
    logIndex = signed[0]!.tlogEntry!.logIndex;
    await client.close();
    await rekor.close();
  });
  after(async () => {
    for (const made of deciders) await made.close();
    await log?.close();
    await registry?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('admits with the log key and records the verified entry', async () => {
    const decision = await decider(trust).decideReview(pod(), 'validate');
    assert.equal(decision.allowed, true, decision.message);
    const record = reviewRecord(pod(), decision, 'rev', 5);
    assert.deepEqual(
      record.images[0]!.evidence?.signatures?.map((s) => s.logIndex),
      [logIndex],
    );
  });

  it('denies without the log key, saying what it needs', async () => {
    const decision = await decider().decideReview(pod(), 'validate');
    assert.equal(decision.allowed, false);
    assert.match(
      decision.message ?? '',
      /violates policy "Logged signature" \(high\): the trusted signature has no transparency-log entry that verified; for key signatures, give the log's public key \(--tlog-key\)/,
    );
  });
});
