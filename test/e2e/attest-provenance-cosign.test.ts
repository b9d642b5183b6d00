// Provenance attested by real cosign (v2 and v3, both layouts, both registry kinds) from a
// predicate `signet provenance` wrote, checked by a ClusterImagePolicy `attestations`
// condition in `signet policy test`: the right builder and source are admitted, another
// builder is refused naming the attestation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { peerPath } from '../../src/testing/peers.js';
import { runCli } from '../../src/testing/run-cli.js';
import {
  COSIGN_REGISTRY,
  cosignPeers,
  startCosign,
  type Cosign,
} from './cosign-interop-harness.js';

const run = (args: string[]) => runCli(args, { SIGNET_PASSWORD: 'provenance password' });
const COMMIT = 'a'.repeat(40);
const DIGEST = `sha256:${'b'.repeat(64)}`;

for (const peer of cosignPeers()) {
  for (const target of registryTargets()) {
    describe(
      `${peer.name} provenance checked by a ClusterImagePolicy on the ${target.name} registry`,
      { skip: peer.lookup.skipReason ?? target.skipReason },
      () => {
        let registry: RunningRegistry;
        let client: RegistryClient;
        let cosign: Cosign;
        const file = (name: string) => join(cosign.dir, name);

        before(async () => {
          registry = await target.start();
          client = new RegistryClient();
          cosign = await startCosign(peerPath(peer.lookup));
          const made = await cosign.run([
            'generate-key-pair',
            '--output-key-prefix',
            file('cosign'),
          ]);
          assert.equal(made.code, 0, made.stderr);
          const predicate = await run([
            'provenance',
            '--subject',
            `x@${DIGEST}`,
            '--builder-id',
            'https://ci.example/builder',
            '--source-uri',
            'https://git.example/app',
            '--source-digest',
            COMMIT,
          ]);
          assert.equal(predicate.code, 0, predicate.stderr);
          await writeFile(file('provenance.json'), predicate.stdout);
        });
        after(async () => {
          await cosign.close();
          await client.close();
          await registry.stop();
        });

        for (const layout of ['legacy', 'bundle'] as const) {
          it(`admits an image whose ${layout} provenance names the right builder and source`, async () => {
            const ref = `${registry.host}/${peer.name}/${layout}:1.0`;
            await pushImage(client, parseReference(ref), buildImage());
            const made = await cosign.run([
              'attest',
              '--key',
              file('cosign.key'),
              '--type',
              'slsaprovenance1',
              '--predicate',
              file('provenance.json'),
              '-y',
              '--use-signing-config=false',
              '--tlog-upload=false',
              `--new-bundle-format=${layout === 'bundle'}`,
              ...COSIGN_REGISTRY,
              ref,
            ]);
            assert.equal(made.code, 0, made.stderr);
            const pem = await readFile(file('cosign.pub'), 'utf8');
            const policy = (condition: string) =>
              `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: provenance\nspec:\n  images:\n  - glob: "${registry.host}/**"\n  authorities:\n  - name: ci\n    key:\n      data: ${JSON.stringify(pem)}\n${layout === 'bundle' ? '    signatureFormat: bundle\n' : ''}    attestations:\n    - name: built-by-ci\n      predicateType: https://slsa.dev/provenance/v1\n      policy:\n        type: cel\n        data: '${condition}'\n`;
            const good =
              'predicate.runDetails.builder.id == "https://ci.example/builder" && predicate.buildDefinition.resolvedDependencies.exists(d, d.uri == "git+https://git.example/app" && d.digest.gitCommit == "' +
              COMMIT +
              '")';
            await writeFile(file(`good-${layout}.yaml`), policy(good));
            await writeFile(
              file(`bad-${layout}.yaml`),
              policy('predicate.runDetails.builder.id == "https://other.example"'),
            );
            const admitted = await run([
              'policy',
              'test',
              '--policy',
              file(`good-${layout}.yaml`),
              ref,
            ]);
            assert.equal(admitted.code, 0, admitted.stdout + admitted.stderr);
            const denied = await run([
              'policy',
              'test',
              '--policy',
              file(`bad-${layout}.yaml`),
              ref,
            ]);
            assert.notEqual(denied.code, 0);
            assert.match(denied.stdout + denied.stderr, /built-by-ci/);
          });
        }
      },
    );
  }
}
