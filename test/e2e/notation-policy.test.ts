// A ClusterImagePolicy Notation authority through `signet policy test` (the engine the
// webhook and the CI gate use) on both registries: images signed with Notary Project
// signatures stored as referrers (API or tag schema), judged by the authority's trust
// store, trusted identities, CRLs and verification level.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference, withDigest } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import {
  issueCertificate,
  issueCrl,
  pushNotationSignature,
  signNotationEnvelope,
  type CertifiedKey,
} from '../../src/signing/notation/index.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';

const RELEASE = 'C=US, ST=WA, O=Signet, CN=release';

for (const target of registryTargets()) {
  describe(
    `Notation authorities in signet policy test on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let client: RegistryClient;
      let dir: string;
      let root: CertifiedKey;
      let leaf: CertifiedKey;
      let revoked: CertifiedKey;
      const images: Record<string, string> = {};

      const policy = async (
        name: string,
        notation: Record<string, unknown>,
        apiVersion = 'policy.signet.dev/v1alpha1',
      ) => {
        const file = join(dir, `${name}.yaml`);
        const doc = {
          apiVersion,
          kind: 'ClusterImagePolicy',
          metadata: { name },
          spec: {
            images: [{ glob: `${registry.host}/team/**` }],
            authorities: [
              {
                name: 'notary',
                notation: {
                  signatureVerification: { level: 'strict' },
                  trustStores: ['ca:release'],
                  trustedIdentities: [`x509.subject: ${RELEASE}`],
                  certificates: { 'ca:release': root.certificatePem },
                  ...notation,
                },
              },
            ],
          },
        };
        await writeFile(file, JSON.stringify(doc));
        return file;
      };

      async function signedImage(
        name: string,
        key: CertifiedKey | undefined,
        format: 'jws' | 'cose' = 'jws',
      ) {
        const ref = parseReference(`${registry.host}/team/${name}:1`);
        const pushed = await pushImage(client, ref, buildImage());
        const pinned = withDigest(ref, pushed.digest);
        if (key !== undefined) {
          const descriptor = (await client.headManifest(pinned))!;
          const envelope = signNotationEnvelope({
            format,
            target: descriptor,
            privateKey: key.privateKey,
            chain: [key.certificate, root.certificate],
          });
          await pushNotationSignature(client, pinned, descriptor, envelope);
        }
        images[name] = `${registry.host}/team/${name}@${pushed.digest}`;
      }

      before(async () => {
        registry = await target.start();
        client = new RegistryClient();
        dir = await mkdtemp(join(tmpdir(), 'signet-notation-policy-'));
        root = await issueCertificate({
          subject: 'C=US, ST=WA, O=Signet, CN=Root',
          role: 'ca',
          keyType: 'ec-256',
        });
        leaf = await issueCertificate({
          subject: RELEASE,
          role: 'leaf',
          issuer: root,
          keyType: 'rsa-2048',
        });
        revoked = await issueCertificate({
          subject: RELEASE,
          role: 'leaf',
          issuer: root,
          keyType: 'ec-256',
        });
        await signedImage('signed-jws', leaf, 'jws');
        await signedImage('signed-cose', leaf, 'cose');
        await signedImage('revoked', revoked);
        await signedImage('unsigned', undefined);
      });
      after(async () => {
        await client?.close();
        await registry?.stop();
        if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      });

      for (const name of ['signed-jws', 'signed-cose']) {
        it(`allows an image with a trusted ${name.slice(7).toUpperCase()} signature`, async () => {
          const run = await runCli([
            'policy',
            'test',
            '--policy',
            await policy('strict', {}),
            images[name]!,
          ]);
          assert.equal(run.code, 0, run.stderr + run.stdout);
          assert.match(run.stdout, /^ALLOWED /);
        });
      }

      it('denies an unsigned image, saying it has no Notary signature', async () => {
        const run = await runCli([
          'policy',
          'test',
          '--policy',
          await policy('strict', {}),
          images['unsigned']!,
        ]);
        assert.equal(run.code, 12, run.stdout);
        assert.match(
          run.stdout + run.stderr,
          /no Notary signature matches authority "notary" .*has no Notary Project signature/s,
        );
      });

      it('denies a signer that is not a trusted identity', async () => {
        const file = await policy('identity', {
          trustedIdentities: ['x509.subject: C=US, ST=WA, O=Signet, CN=someone-else'],
        });
        const run = await runCli(['policy', 'test', '--policy', file, images['signed-jws']!]);
        assert.equal(run.code, 12, run.stdout);
        assert.match(
          run.stdout + run.stderr,
          /authenticity check .* failed: signer .*CN=release is not a trusted identity/s,
        );
      });

      it('denies a signature whose certificate a CRL of the authority revokes', async () => {
        const file = await policy('revocation', {
          crls: [await issueCrl(root, [revoked.certificate])],
        });
        const run = await runCli(['policy', 'test', '--policy', file, images['revoked']!]);
        assert.equal(run.code, 12, run.stdout);
        assert.match(
          run.stdout + run.stderr,
          /revocation check .* failed: certificate .* was revoked/s,
        );
        const other = await runCli(['policy', 'test', '--policy', file, images['signed-jws']!]);
        assert.equal(other.code, 0, other.stdout);
      });

      it('allows an untrusted identity at level audit', async () => {
        const file = await policy('audit', {
          signatureVerification: { level: 'audit' },
          trustedIdentities: ['x509.subject: C=US, ST=WA, O=Nobody'],
        });
        const run = await runCli(['policy', 'test', '--policy', file, images['signed-jws']!]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
      });

      it('allows an unsigned image at level skip', async () => {
        const file = await policy('skip', {
          signatureVerification: { level: 'skip' },
          trustStores: [],
          trustedIdentities: [],
          certificates: {},
        });
        const run = await runCli(['policy', 'test', '--policy', file, images['unsigned']!]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
      });

      it("refuses a Notation authority in policy-controller's API group", async () => {
        const file = await policy('sigstore-group', {}, 'policy.sigstore.dev/v1beta1');
        const run = await runCli(['policy', 'test', '--policy', file, images['signed-jws']!]);
        assert.equal(run.code, 3, run.stdout + run.stderr);
        assert.match(run.stderr, /spec\.authorities\[0\]\.notation.*policy\.signet\.dev/s);
      });
    },
  );
}
