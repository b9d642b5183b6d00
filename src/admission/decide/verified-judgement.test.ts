// What an admission decision records as an image's evidence, against the embedded registry:
// the signatures the ClusterImagePolicies and deploy-stage SecurityPolicies verified, each
// with the key that verified it, and nothing for an image they refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { buildImage, pushImage } from '../../oci/build/index.js';
import { parseReference } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { signImage } from '../../signing/sign/sign-image.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { prodPodRequest, testDecider } from '../../testing/admission-decider.js';
import { reviewRecord } from '../server/decision-record.js';
import type { AdmissionDecider } from './decider.js';

const KEYED = `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: signed}
spec:
  images: [{glob: "**/team/signed*"}]
  authorities: [{name: ci, key: {secretRef: {name: ci-pub}}}]
---
apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: {name: open}
spec:
  images: [{glob: "**/team/open*"}]
  authorities: [{static: {action: pass}}]
`;

const SIGNATURE_POLICY = `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: signed}
spec:
  name: Trusted signature
  description: Images must be signed by CI.
  remediation: Sign the image in CI.
  severity: high
  lifecycleStages: [deploy]
  enforcement: {deploy: inform}
  scope: [{images: ["**/team/open*"]}]
  criteria:
    signature:
      authorities: [{name: ci, key: {secretRef: {name: ci-pub}}}]
`;

describe('evidence of admission decisions', () => {
  let registry: RunningRegistry;
  let decider: AdmissionDecider;
  let ci: PrivateKey;
  let signer: string;
  const image = (name: string) => `${registry.host}/team/${name}:1.0`;
  const pod = (name: string) => prodPodRequest(image(name));

  before(async () => {
    registry = await startInMemoryRegistry();
    ci = await generateKeyPair('ecdsa-p256');
    const stranger = await generateKeyPair('ecdsa-p256');
    signer = `key sha256:${ci.publicKey.keyId} (secret ci-pub)`;
    const client = new RegistryClient();
    for (const [name, key] of [
      ['signed', ci],
      ['signed-by-stranger', stranger],
      ['open', ci],
    ] as const) {
      const ref = parseReference(image(name));
      await pushImage(client, ref, buildImage());
      await signImage(client, ref, key, { layout: 'legacy' });
    }
    await client.close();
    decider = testDecider({
      ciPublicKeyPem: ci.publicKey.pem,
      policies: KEYED,
      securityPolicies: SIGNATURE_POLICY,
    });
  });
  after(async () => {
    await decider.close();
    await registry.stop();
  });

  it('records the signature a ClusterImagePolicy verified, and again from the verdict cache', async () => {
    for (const expected of ['verified', 'cache']) {
      const decision = await decider.decideReview(pod('signed'), 'validate');
      assert.equal(decision.allowed, true, decision.message);
      assert.equal(decision.images[0]!.source, expected);
      const record = reviewRecord(pod('signed'), decision, 'rev', 5);
      assert.deepEqual(record.images[0]!.evidence, {
        signatures: [{ signer, layout: 'cosign .sig tag' }],
      });
    }
  });

  it('records the signature a deploy-stage SecurityPolicy verified', async () => {
    const decision = await decider.decideReview(pod('open'), 'validate');
    assert.equal(decision.allowed, true, decision.message);
    assert.deepEqual(decision.warnings, []);
    const record = reviewRecord(pod('open'), decision, 'rev', 5);
    assert.deepEqual(record.images[0]!.evidence, {
      signatures: [{ signer, layout: 'cosign .sig tag' }],
    });
  });

  it('records no evidence for an image whose signatures no policy trusted', async () => {
    const decision = await decider.decideReview(pod('signed-by-stranger'), 'validate');
    assert.equal(decision.allowed, false);
    const record = reviewRecord(pod('signed-by-stranger'), decision, 'rev', 5);
    assert.equal(record.images[0]!.evidence, undefined);
    assert.equal('evidence' in record.images[0]!, false);
  });
});
