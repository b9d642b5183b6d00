// `signet policy test` with the signatureFormat of each authority, against the real
// distribution registry (referrers tag schema) and the embedded one (referrers API): a
// bundle authority reads the Sigstore bundles attached as referrers (signatures and
// attestations, cosign v3's layout) and nothing else, a legacy one (the default) only
// cosign's .sig/.att tags, as policy-controller has cosign read them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys/index.js';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { bundleKeyHint, encodeDsseBundle, signDsse } from '../../src/signing/bundle/index.js';
import { signImage } from '../../src/signing/index.js';
import { pushBundleReferrer } from '../../src/signing/remote/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';

const PROVENANCE = 'https://slsa.dev/provenance/v1';

async function run(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, ...console };
}

/** cosign v3's attestation: an in-toto statement in a DSSE envelope, in a bundle. */
function provenanceBundle(key: PrivateKey, digest: string, builder: string): Uint8Array {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app', digest: { sha256: digest.slice(7) } }],
    predicateType: PROVENANCE,
    predicate: { builder: { id: builder } },
  };
  const envelope = signDsse(key, new TextEncoder().encode(JSON.stringify(statement)));
  return encodeDsseBundle(envelope, bundleKeyHint(key.publicKey));
}

function policyFile(name: string, glob: string, key: PrivateKey, extra: string): string {
  return `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: ${name}\nspec:\n  images:\n  - glob: "${glob}"\n  authorities:\n  - name: ci-key\n    key:\n      data: ${JSON.stringify(key.publicKey.pem)}\n${extra}`;
}

for (const target of registryTargets()) {
  describe(
    `signature formats in signet policy test on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let client: RegistryClient;
      let dir: string;
      const image = (name: string) => `${registry.host}/team/${name}:1.0`;
      const file = (name: string) => join(dir, name);
      const policyTest = (policy: string, name: string) =>
        run(['policy', 'test', '--policy', file(policy), image(name)]);

      before(async () => {
        registry = await target.start();
        client = new RegistryClient();
        dir = await mkdtemp(join(tmpdir(), 'signet-policy-bundles-'));
        const ci = await generateKeyPair('ecdsa-p256');
        const stranger = await generateKeyPair('ecdsa-p256');
        const push = async (name: string) => {
          const built = buildImage();
          await pushImage(client, parseReference(image(name)), built);
          return built;
        };
        for (const name of ['legacy-signed']) {
          const built = await push(name);
          await signImage(client, { ...parseReference(image(name)), digest: built.digest }, ci);
        }
        for (const [name, key] of [
          ['bundle-signed', ci],
          ['bundle-other-key', stranger],
        ] as const) {
          const built = await push(name);
          await signImage(client, { ...parseReference(image(name)), digest: built.digest }, key, {
            layout: 'bundle',
          });
        }
        for (const [name, key] of [
          ['bundle-attested', ci],
          ['bundle-attested-by-stranger', stranger],
        ] as const) {
          const built = await push(name);
          const repo = { registry: registry.host, repository: `team/${name}` };
          await pushBundleReferrer(
            client,
            repo,
            built.descriptor,
            provenanceBundle(key, built.digest, 'https://ci.example/builder'),
            { predicateType: PROVENANCE },
          );
        }

        const glob = `${registry.host}/team/**`;
        await writeFile(file('legacy.yaml'), policyFile('legacy', glob, ci, ''));
        await writeFile(
          file('bundle.yaml'),
          policyFile('bundle', glob, ci, '    signatureFormat: bundle\n'),
        );
        await writeFile(
          file('bundle-provenance.yaml'),
          policyFile(
            'bundle-provenance',
            glob,
            ci,
            `    signatureFormat: bundle\n    attestations:\n    - name: provenance\n      predicateType: ${PROVENANCE}\n      policy:\n        type: cel\n        data: predicate.builder.id == "https://ci.example/builder"\n`,
          ),
        );
      });

      after(async () => {
        await client.close();
        await registry.stop();
        await rm(dir, { recursive: true, force: true });
      });

      it('allows a bundle signed with the key and denies one signed with another', async () => {
        const allowed = await policyTest('bundle.yaml', 'bundle-signed');
        assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
        assert.match(allowed.stdout, /^ALLOWED /);
        const denied = await policyTest('bundle.yaml', 'bundle-other-key');
        assert.equal(denied.code, 12, denied.stdout + denied.stderr);
        assert.match(denied.stdout, /1 signature found, none verifies with the key/);
      });

      it('reads only the layout the authority names', async () => {
        const legacyOnly = await policyTest('bundle.yaml', 'legacy-signed');
        assert.equal(legacyOnly.code, 12, legacyOnly.stdout + legacyOnly.stderr);
        assert.match(legacyOnly.stdout, /no Sigstore bundle signatures found among the referrers/);
        assert.equal((await policyTest('legacy.yaml', 'legacy-signed')).code, 0);
        const bundleOnly = await policyTest('legacy.yaml', 'bundle-signed');
        assert.equal(bundleOnly.code, 12, bundleOnly.stdout + bundleOnly.stderr);
        assert.match(
          bundleOnly.stdout,
          /no signatures found in cosign's \.sig tag; signatureFormat: bundle reads Sigstore bundles instead/,
        );
      });

      it('checks attestations attached as bundles, with their CEL condition', async () => {
        const allowed = await policyTest('bundle-provenance.yaml', 'bundle-attested');
        assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
        const stranger = await policyTest('bundle-provenance.yaml', 'bundle-attested-by-stranger');
        assert.equal(stranger.code, 12, stranger.stdout + stranger.stderr);
        assert.match(
          stranger.stdout,
          /none of type https:\/\/slsa\.dev\/provenance\/v1 verifies with the key/,
        );
        const unattested = await policyTest('bundle-provenance.yaml', 'bundle-signed');
        assert.equal(unattested.code, 12, unattested.stdout + unattested.stderr);
        assert.match(
          unattested.stdout,
          /attestation "provenance" of authority "ci-key" is not satisfied/,
        );
      });
    },
  );
}
