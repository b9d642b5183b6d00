// The admission webhook enforcing a ClusterImagePolicy Notation authority, through the
// same registry evidence provider as `signet policy test`: an image with a trusted Notary
// signature (JWS or COSE, stored as a referrer) is admitted; unsigned, untrusted-CA and
// wrong-identity images are denied with the check that failed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { staticKubernetesReader } from '../../src/admission/index.js';
import type { AdmissionServer } from '../../src/admission/server/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference, withDigest } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { compilePolicies, parsePolicyYaml } from '../../src/policy/index.js';
import {
  issueCertificate,
  pushNotationSignature,
  signNotationEnvelope,
  type CertifiedKey,
} from '../../src/signing/notation/index.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import {
  makeCertificates,
  postJson,
  removeCertificates,
  review,
  startWebhook,
  workload,
  type Certificates,
} from './admission-harness.js';

const kubernetes = staticKubernetesReader({
  namespaces: { team: { 'signet.dev/include': 'true' } },
});
const RELEASE = 'C=US, ST=WA, O=Signet, CN=release';

function notationPolicies(root: CertifiedKey) {
  const doc = {
    apiVersion: 'policy.signet.dev/v1alpha1',
    kind: 'ClusterImagePolicy',
    metadata: { name: 'notary-signed' },
    spec: {
      images: [{ glob: '127.0.0.1:*/team/**' }],
      authorities: [
        {
          name: 'release',
          notation: {
            signatureVerification: { level: 'strict' },
            trustStores: ['ca:release'],
            trustedIdentities: [`x509.subject: ${RELEASE}`],
            certificates: { 'ca:release': root.certificatePem },
          },
        },
      ],
    },
  };
  const parsed = parsePolicyYaml(JSON.stringify(doc), 'notation-policy.yaml');
  assert.deepEqual(parsed.problems, []);
  return compilePolicies(parsed.documents);
}

for (const target of registryTargets()) {
  describe(
    `admission webhook with a Notation authority (${target.name} registry)`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let client: RegistryClient;
      let certs: Certificates;
      let server: AdmissionServer;
      let root: CertifiedKey;
      const images: Record<string, string> = {};
      interface AdmissionAnswer {
        readonly allowed: boolean;
        readonly status?: { readonly message: string };
      }
      const admit = async (image: string): Promise<AdmissionAnswer> => {
        const answer = await postJson(
          server,
          certs.ca,
          '/validate',
          review('Pod', workload('Pod', [image]).object),
        );
        return (answer.body as { response: AdmissionAnswer }).response;
      };

      async function push(
        name: string,
        signer?: CertifiedKey,
        chain?: CertifiedKey[],
        format: 'jws' | 'cose' = 'jws',
      ) {
        const ref = parseReference(`${registry.host}/team/${name}:v1`);
        const { digest } = await pushImage(client, ref, buildImage());
        if (signer !== undefined) {
          const pinned = withDigest(ref, digest);
          const descriptor = (await client.headManifest(pinned))!;
          const envelope = signNotationEnvelope({
            format,
            target: descriptor,
            privateKey: signer.privateKey,
            chain: (chain ?? [signer]).map((c) => c.certificate),
          });
          await pushNotationSignature(client, pinned, descriptor, envelope);
        }
        images[name] = `${registry.host}/team/${name}:v1`;
      }

      before(async () => {
        registry = await target.start();
        client = new RegistryClient();
        certs = await makeCertificates();
        root = await issueCertificate({
          subject: 'C=US, ST=WA, O=Signet, CN=Root',
          role: 'ca',
          keyType: 'ec-256',
        });
        const leaf = await issueCertificate({
          subject: RELEASE,
          role: 'leaf',
          issuer: root,
          keyType: 'ec-256',
        });
        const stranger = await issueCertificate({
          subject: 'C=US, ST=WA, O=Signet, CN=intern',
          role: 'leaf',
          issuer: root,
          keyType: 'ec-256',
        });
        const otherRoot = await issueCertificate({
          subject: 'C=US, ST=WA, O=Else, CN=Root',
          role: 'ca',
          keyType: 'ec-256',
        });
        const impostor = await issueCertificate({
          subject: RELEASE,
          role: 'leaf',
          issuer: otherRoot,
          keyType: 'ec-256',
        });
        await push('jws', leaf, [leaf, root], 'jws');
        await push('cose', leaf, [leaf, root], 'cose');
        await push('unsigned');
        await push('wrong-identity', stranger, [stranger, root]);
        await push('untrusted-ca', impostor, [impostor, otherRoot]);
        server = await startWebhook(certs, kubernetes, notationPolicies(root));
      });
      after(async () => {
        await server?.close();
        await client?.close();
        await registry?.stop();
        if (certs !== undefined) await removeCertificates(certs);
      });

      for (const name of ['jws', 'cose']) {
        it(`admits a pod whose image has a trusted ${name.toUpperCase()} Notary signature`, async () => {
          const response = await admit(images[name]!);
          assert.equal(response.allowed, true, JSON.stringify(response.status));
        });
      }

      const denied: [string, RegExp][] = [
        ['unsigned', /has no Notary Project signature/],
        ['wrong-identity', /authenticity check .*CN=intern is not a trusted identity/],
        ['untrusted-ca', /authenticity check .*untrusted CA/],
      ];
      for (const [name, reason] of denied) {
        it(`denies the ${name} image, naming the image, policy and failed check`, async () => {
          const response = await admit(images[name]!);
          assert.equal(response.allowed, false);
          const message = response.status?.message ?? '';
          assert.match(message, new RegExp(`team/${name}@sha256:`));
          assert.match(message, /policy "notary-signed"/);
          assert.match(message, reason);
        });
      }
    },
  );
}
