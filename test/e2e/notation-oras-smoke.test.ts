// Smoke test of the Notary Project and ORAS tools against both registries (distribution
// 2.8 without the referrers API, Signet's embedded registry with it): notation 1.3 signs an
// image built here (JWS and COSE) and verifies it under a trust policy, oras 1.3 attaches
// an SPDX document and discovers it, and `signet image tree` shows both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { findPeer } from '../../src/testing/peers.js';
import { runCli } from '../../src/testing/run-cli.js';
import { NOTARY_SIGNATURE, runPeer, succeeded, trustPolicy } from './notation-harness.js';

const notation = findPeer('notation');
const oras = findPeer('oras');
const skipReason = notation.skipReason ?? oras.skipReason;

const SPDX = 'application/spdx+json';

interface TreeJson {
  referrersSource: string;
  attachments: { kind: string; layout: string; digest: string; artifactType?: string }[];
}

for (const target of registryTargets()) {
  describe(
    `notation and oras against the ${target.name} registry`,
    { skip: skipReason ?? target.skipReason },
    () => {
      let registry: RunningRegistry;
      let home: string;
      let image: string;
      const signatures: string[] = [];
      let sbomDigest: string;
      const notationRun = (...args: string[]) => runPeer(notation, args, home);
      const orasRun = (...args: string[]) => runPeer(oras, args, home);
      // On a registry with the referrers API, notation uses it; otherwise the tag schema.
      const referrersFlag = () =>
        registry.referrersApi ? ['--force-referrers-tag=false'] : ['--force-referrers-tag=true'];

      before(async () => {
        home = await mkdtemp(join(tmpdir(), `signet-notation-${target.name}-`));
        await mkdir(join(home, 'config'));
        registry = await target.start();
        const client = new RegistryClient();
        try {
          const tagged = `${registry.host}/team/app:1.0`;
          const { digest } = await pushImage(client, parseReference(tagged), buildImage());
          image = `${registry.host}/team/app@${digest}`;
        } finally {
          await client.close();
        }
      });
      after(async () => {
        await registry?.stop();
        await rm(home, { recursive: true, force: true });
      });

      it('generates a test key and certificate and trusts it through a trust policy', async () => {
        succeeded(await notationRun('cert', 'generate-test', '--default', 'signet-test'), 'cert');
        await writeFile(join(home, 'policy.json'), trustPolicy(['ca:signet-test']));
        succeeded(await notationRun('policy', 'import', '--force', 'policy.json'), 'policy');
      });

      for (const format of ['jws', 'cose'] as const) {
        it(`signs the image with a ${format.toUpperCase()} signature that notation verifies`, async () => {
          succeeded(
            await notationRun(
              'sign',
              '--insecure-registry',
              '--signature-format',
              format,
              ...referrersFlag(),
              image,
            ),
            'notation sign',
          );
          succeeded(await notationRun('verify', '--insecure-registry', image), 'notation verify');
          const inspected = JSON.parse(
            succeeded(
              await notationRun('inspect', '--insecure-registry', '--output', 'json', image),
              'notation inspect',
            ).stdout,
          ) as { Signatures: { mediaType: string; digest: string }[] };
          const signature = inspected.Signatures.find(
            (s) =>
              s.mediaType === (format === 'jws' ? 'application/jose+json' : 'application/cose'),
          );
          assert.ok(signature, `no ${format} signature in ${JSON.stringify(inspected)}`);
          signatures.push(signature.digest);
        });
      }

      it('refuses to verify when the trust policy trusts another certificate', async () => {
        const other = join(home, 'other');
        await mkdir(join(other, 'config'), { recursive: true });
        succeeded(await runPeer(notation, ['cert', 'generate-test', 'stranger'], other), 'cert');
        await writeFile(join(other, 'policy.json'), trustPolicy(['ca:stranger']));
        succeeded(await runPeer(notation, ['policy', 'import', 'policy.json'], other), 'policy');
        const run = await runPeer(notation, ['verify', '--insecure-registry', image], other);
        assert.notEqual(run.code, 0, 'notation verified a signature from an untrusted certificate');
        assert.match(run.stderr, /signature verification failed for all the signatures/);
      });

      it('attaches an SPDX document with oras and discovers it', async () => {
        await writeFile(
          join(home, 'sbom.spdx.json'),
          JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'app' }),
        );
        const attached = succeeded(
          await orasRun(
            'attach',
            '--plain-http',
            '--artifact-type',
            SPDX,
            image,
            `sbom.spdx.json:${SPDX}`,
          ),
          'oras attach',
        );
        sbomDigest = /Digest: (sha256:[0-9a-f]{64})/.exec(attached.stdout)?.[1] ?? '';
        assert.match(sbomDigest, /^sha256:/, attached.stdout);
        const discovered = JSON.parse(
          succeeded(
            await orasRun('discover', '--plain-http', '--format', 'json', image),
            'oras discover',
          ).stdout,
        ) as { referrers: { digest: string; artifactType: string }[] };
        const byDigest = new Map(discovered.referrers.map((r) => [r.digest, r.artifactType]));
        assert.equal(byDigest.get(sbomDigest), SPDX);
        for (const signature of signatures) assert.equal(byDigest.get(signature), NOTARY_SIGNATURE);
      });

      it('shows the notation signatures and the oras attachment in signet image tree', async () => {
        const run = await runCli(['image', 'tree', '-o', 'json', image]);
        assert.equal(run.code, 0, run.stderr);
        const tree = JSON.parse(run.stdout) as TreeJson;
        assert.equal(tree.referrersSource, registry.referrersApi ? 'api' : 'tag-schema');
        const byDigest = new Map(tree.attachments.map((a) => [a.digest, a]));
        for (const signature of signatures) {
          assert.equal(byDigest.get(signature)?.kind, 'signature');
          assert.equal(byDigest.get(signature)?.artifactType, NOTARY_SIGNATURE);
        }
        assert.equal(byDigest.get(sbomDigest)?.kind, 'sbom');
        assert.equal(byDigest.get(sbomDigest)?.artifactType, SPDX);
        const text = await runCli(['image', 'tree', image]);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /SBOM \(referrer sha256:/);
      });
    },
  );
}
