// `signet sign` and `signet verify` end to end against the real distribution registry (no
// referrers API) and the embedded one (with it): both signature layouts, every way a
// signature can be wrong, and the exit codes pipelines rely on (cosign's 10/11/12).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';
import { rawRequest, registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { buildImage, buildIndex, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { MediaType } from '../../src/oci/manifest/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { digestOf } from '../../src/core/digest.js';

const PASSWORD = 'correct horse';
const env = { SIGNET_PASSWORD: PASSWORD };

const run = (args: string[], extraEnv: Record<string, string> = {}) =>
  runCli(args, { ...env, ...extraEnv });

for (const target of registryTargets()) {
  describe(
    `signet sign and verify on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let client: RegistryClient;
      let dir: string;
      let keyA: string;
      let pubA: string;
      let pubB: string;
      let keyB: string;
      let counter = 0;

      /** The legacy `.sig` tag of `digest` in `repo`, spelled out as cosign names it. */
      const sigTag = (repo: string, digest: string) =>
        parseReference(`${registry.host}/${repo}:sha256-${digest.slice(7)}.sig`);

      /** A fresh image in its own repository: tests never see each other's signatures. */
      async function pushFresh(): Promise<{ ref: string; repo: string; digest: string }> {
        counter += 1;
        const repo = `team/app${counter}`;
        const ref = `${registry.host}/${repo}:1.0`;
        const { digest } = await pushImage(client, parseReference(ref), buildImage());
        return { ref, repo, digest };
      }

      before(async () => {
        registry = await target.start();
        client = new RegistryClient();
        dir = await mkdtemp(join(tmpdir(), 'signet-sign-'));
        for (const name of ['a', 'b']) {
          const made = await run(['generate-key-pair', '--output-key-prefix', join(dir, name)]);
          assert.equal(made.code, 0, made.stderr);
        }
        keyA = join(dir, 'a.key');
        pubA = join(dir, 'a.pub');
        keyB = join(dir, 'b.key');
        pubB = join(dir, 'b.pub');
      });

      after(async () => {
        await client.close();
        await registry.stop();
        await rm(dir, { recursive: true, force: true });
      });

      it('signs a tag and verifies it, printing cosign-style output and a JSON report', async () => {
        const { ref, digest } = await pushFresh();
        const signed = await run(['sign', '--key', keyA, ref]);
        assert.equal(signed.code, 0, signed.stderr);
        assert.match(signed.stderr, new RegExp(`resolved .*:1\\.0 to ${digest}`));
        assert.match(signed.stdout, /Pushed signature for .*\(legacy\) to .*\.sig/);

        const text = await run(['verify', '--key', pubA, ref]);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stderr, new RegExp(`Verification for .*@${digest} --`));
        assert.match(text.stderr, /Not checked: transparency log/);
        const payloads = JSON.parse(text.stdout);
        assert.equal(payloads.length, 1);
        assert.equal(payloads[0].critical.image['docker-manifest-digest'], digest);
        assert.equal(payloads[0].critical.identity['docker-reference'], ref.replace(':1.0', ''));
        assert.equal(payloads[0].critical.type, 'cosign container image signature');

        // -o json prints the same cosign array; Signet's report goes to --report FILE.
        const reportFile = join(dir, `report-${counter}.json`);
        const json = await run([
          'verify',
          '--key',
          pubA,
          '-o',
          'json',
          '--report',
          reportFile,
          ref,
        ]);
        assert.equal(json.code, 0, json.stderr);
        assert.deepEqual(JSON.parse(json.stdout), payloads);
        const report = JSON.parse(await readFile(reportFile, 'utf8')).images[0];
        assert.equal(report.ok, true);
        assert.equal(report.digest, digest);
        assert.equal(report.verified[0].layout, 'legacy');
        assert.match(report.verified[0].keyId, /^[0-9a-f]{64}$/);
        assert.deepEqual(report.verified[0].checks, {
          signature: 'ok',
          digest: 'ok',
          tlog: 'absent',
          certificate: 'absent',
        });
        assert.deepEqual(report.notChecked, ['tlog', 'certificate']);
      });

      it('signs in the Sigstore bundle layout as an OCI referrer and verifies it', async () => {
        const { ref, repo, digest } = await pushFresh();
        const signed = await run(['sign', '--key', keyA, '--layout', 'bundle', '-o', 'json', ref]);
        assert.equal(signed.code, 0, signed.stderr);
        const pushed = JSON.parse(signed.stdout).signed[0];
        assert.equal(pushed.layout, 'bundle');

        const manifest = await client.getManifest(
          parseReference(`${registry.host}/${repo}@${pushed.pushedDigest}`),
        );
        const body = JSON.parse(new TextDecoder().decode(manifest.bytes));
        assert.equal(body.artifactType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
        assert.equal(body.config.mediaType, MediaType.OciEmpty);
        assert.equal(body.subject.digest, digest);
        assert.equal(body.annotations['dev.sigstore.bundle.content'], 'dsse-envelope');
        assert.equal(
          body.annotations['dev.sigstore.bundle.predicateType'],
          'https://sigstore.dev/cosign/sign/v1',
        );

        const reportFile = join(dir, `report-${counter}.json`);
        const verified = await run(['verify', '--key', pubA, '--report', reportFile, ref]);
        assert.equal(verified.code, 0, verified.stderr);
        const [cosign] = JSON.parse(verified.stdout);
        assert.equal(cosign.critical.type, 'https://sigstore.dev/cosign/sign/v1');
        assert.equal(cosign.critical.image['docker-manifest-digest'], digest);
        assert.equal(cosign.critical.identity['docker-reference'], ref);
        const report = JSON.parse(await readFile(reportFile, 'utf8')).images[0];
        assert.equal(report.verified[0].layout, 'bundle');
        assert.equal(
          report.verified[0].payload.predicateType,
          'https://sigstore.dev/cosign/sign/v1',
        );
        assert.equal((await run(['verify', '--key', pubB, ref])).code, 12);
      });

      it('rejects a signature layer whose payload was replaced (exit 12)', async () => {
        const { ref, repo, digest } = await pushFresh();
        assert.equal((await run(['sign', '--key', keyA, ref])).code, 0);
        const tag = sigTag(repo, digest);
        const original = JSON.parse(
          new TextDecoder().decode((await client.getManifest(tag)).bytes),
        );
        const payload = new TextEncoder().encode(
          `{"critical":{"identity":{"docker-reference":"evil/app"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`,
        );
        await client.putBlob(tag, payload);
        original.layers[0].digest = digestOf(payload);
        original.layers[0].size = payload.length;
        await client.putManifest(
          tag,
          new TextEncoder().encode(JSON.stringify(original)),
          MediaType.OciManifest,
        );

        const result = await run(['verify', '--key', pubA, ref]);
        assert.equal(result.code, 12);
        assert.match(result.stderr, /NO_MATCHING_SIGNATURE/);
        assert.match(result.stderr, new RegExp(`${repo}.*does not verify with any trusted key`));
      });

      it('rejects a signature made with another key (exit 12)', async () => {
        const { ref } = await pushFresh();
        assert.equal((await run(['sign', '--key', keyB, ref])).code, 0);
        const result = await run(['verify', '--key', pubA, ref]);
        assert.equal(result.code, 12);
        assert.match(result.stderr, /does not verify with any trusted key/);
      });

      it('reports an unsigned image with exit 10 and a missing image with exit 11', async () => {
        const { ref } = await pushFresh();
        const unsigned = await run(['verify', '--key', pubA, ref]);
        assert.equal(unsigned.code, 10);
        assert.match(unsigned.stderr, /NO_SIGNATURES/);
        const missing = await run(['verify', '--key', pubA, `${registry.host}/team/none:1.0`]);
        assert.equal(missing.code, 11, missing.stderr);
      });

      it('rejects a signature copied from another image (exit 12, digest reason)', async () => {
        const signedImage = await pushFresh();
        assert.equal((await run(['sign', '--key', keyA, signedImage.ref])).code, 0);
        const other = await pushImage(
          client,
          parseReference(`${registry.host}/${signedImage.repo}:2.0`),
          buildImage(),
        );
        const fetched = await client.getManifest(sigTag(signedImage.repo, signedImage.digest));
        await client.putManifest(
          sigTag(signedImage.repo, other.digest),
          fetched.bytes,
          fetched.mediaType,
        );
        const result = await run([
          'verify',
          '--key',
          pubA,
          `${registry.host}/${signedImage.repo}:2.0`,
        ]);
        assert.equal(result.code, 12);
        assert.match(
          result.stderr,
          new RegExp(`signs ${signedImage.digest}, not the image digest ${other.digest}`),
        );
      });

      it('reports exit 10 once the signature manifest is deleted', async () => {
        const { ref, repo, digest } = await pushFresh();
        assert.equal((await run(['sign', '--key', keyA, ref])).code, 0);
        const sig = await client.getManifest(sigTag(repo, digest));
        const deleted = await rawRequest(registry.url, `/v2/${repo}/manifests/${sig.digest}`, {
          method: 'DELETE',
        });
        assert.equal(deleted.status, 202);
        assert.equal((await run(['verify', '--key', pubA, ref])).code, 10);
      });

      it('requires the annotations asked for, in both layouts', async () => {
        for (const layout of ['legacy', 'bundle']) {
          const { ref } = await pushFresh();
          const signed = await run([
            'sign',
            '--key',
            keyA,
            '--layout',
            layout,
            '-a',
            'env=prod',
            '-a',
            'team=core',
            ref,
          ]);
          assert.equal(signed.code, 0, signed.stderr);
          assert.equal(
            (await run(['verify', '--key', pubA, '-a', 'env=prod', ref])).code,
            0,
            layout,
          );
          const wrong = await run(['verify', '--key', pubA, '-a', 'env=dev', ref]);
          assert.equal(wrong.code, 12, layout);
          assert.match(wrong.stderr, /lacks the required annotation\(s\) env=dev/);
        }
      });

      it('signs an index and each of its images with --recursive', async () => {
        counter += 1;
        const ref = `${registry.host}/team/multi${counter}:1.0`;
        const index = buildIndex();
        await pushImage(client, parseReference(ref), index);
        const signed = await run(['sign', '--key', keyA, '--recursive', '-o', 'json', ref]);
        assert.equal(signed.code, 0, signed.stderr);
        assert.equal(JSON.parse(signed.stdout).signed.length, 3);
        for (const child of index.images) {
          assert.equal(
            (
              await run([
                'verify',
                '--key',
                pubA,
                `${registry.host}/team/multi${counter}@${child.digest}`,
              ])
            ).code,
            0,
          );
        }
        assert.equal((await run(['verify', '--key', pubA, ref])).code, 0);
      });

      it('stores signatures in another repository with --signature-repository or SIGNET_REPOSITORY', async () => {
        const { ref } = await pushFresh();
        const sigRepo = `${registry.host}/signatures/store${counter}`;
        assert.equal(
          (await run(['sign', '--key', keyA, '--signature-repository', sigRepo, ref])).code,
          0,
        );
        assert.equal((await run(['verify', '--key', pubA, ref])).code, 10);
        assert.equal(
          (await run(['verify', '--key', pubA, '--signature-repository', sigRepo, ref])).code,
          0,
        );
        assert.equal(
          (await run(['verify', '--key', pubA, ref], { COSIGN_REPOSITORY: sigRepo })).code,
          0,
        );
      });

      it('verifies a downloaded signature set offline, without any registry', async () => {
        const { ref, repo, digest } = await pushFresh();
        assert.equal((await run(['sign', '--key', keyA, ref])).code, 0);
        assert.equal((await run(['sign', '--key', keyB, '--layout', 'bundle', ref])).code, 0);
        const downloaded = await run(['download', 'signature', '--format', 'signet', ref]);
        assert.equal(downloaded.code, 0, downloaded.stderr);
        const file = join(dir, `set-${counter}.json`);
        await writeFile(file, downloaded.stdout);
        const reportFile = join(dir, `report-${counter}.json`);
        // Port 9 (discard) on loopback: nothing there speaks the registry API.
        const offline = `127.0.0.1:9/${repo}@${digest}`;
        const verifyOffline = (...args: string[]) =>
          run(['verify', '--offline', '--signatures', file, ...args]);
        const ok = await verifyOffline(
          '--key',
          pubA,
          '--key',
          pubB,
          '--report',
          reportFile,
          offline,
        );
        assert.equal(ok.code, 0, ok.stderr);
        assert.deepEqual(
          JSON.parse(await readFile(reportFile, 'utf8')).images[0].verified.map(
            (v: { layout: string }) => v.layout,
          ),
          ['legacy', 'bundle'],
        );
        assert.equal(JSON.parse(ok.stdout).length, 2);
        // The default, cosign's one signature per line, verifies offline the same way.
        const lines = await run(['download', 'signature', ref]);
        assert.equal(lines.code, 0, lines.stderr);
        assert.equal(lines.stdout.trim().split('\n').length, 2);
        const linesFile = join(dir, `lines-${counter}.json`);
        await writeFile(linesFile, lines.stdout);
        const fromLines = await run([
          'verify',
          '--offline',
          '--signatures',
          linesFile,
          '--key',
          pubA,
          '--key',
          pubB,
          offline,
        ]);
        assert.equal(fromLines.code, 0, fromLines.stderr);
        assert.deepEqual(JSON.parse(fromLines.stdout), JSON.parse(ok.stdout));
        const set = JSON.parse(await readFile(file, 'utf8'));
        set.legacy.layers[0].payload = Buffer.from('{}').toString('base64');
        set.bundles = [];
        await writeFile(file, JSON.stringify(set));
        assert.equal((await verifyOffline('--key', pubA, offline)).code, 12);
        const elsewhere = await verifyOffline(
          '--key',
          pubA,
          `${registry.host}/${repo}@${digestOf(new Uint8Array([1]))}`,
        );
        assert.equal(elsewhere.code, 2);
      });
    },
  );
}
