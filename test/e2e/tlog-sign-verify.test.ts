// `signet sign --tlog-url` and `signet verify --tlog-key` end to end: a real Signet log
// (in process, SQLite) and the registries of registryTargets(). Legacy signatures carry
// cosign's Rekor bundle annotation (SET verified offline); Sigstore bundles carry a dsse
// entry with inclusion proof and checkpoint. Tampering and wrong keys fail with exit 12.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { MediaType } from '../../src/oci/manifest/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { startTlogServer, type RunningTlogServer } from '../../src/tlog/server/index.js';
import { RekorClient } from '../../src/tlog/client/index.js';

const env = { SIGNET_PASSWORD: 'tlog test' };

async function run(args: string[], extraEnv: Record<string, string> = {}) {
  const console = captureConsole();
  const code = await main(args, { console, env: { ...env, ...extraEnv } });
  return { code, stdout: console.stdout, stderr: console.stderr };
}

for (const target of registryTargets()) {
  describe(
    `sign and verify with a transparency log on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let log: RunningTlogServer;
      let client: RegistryClient;
      let dir: string;
      let key: string;
      let pub: string;
      let logKey: string;
      let strangerKey: string;
      let counter = 0;
      let reports = 0;

      /** `signet verify --key <pub> <flags> <ref>`, in process. */
      const verify = (ref: string, ...flags: string[]) =>
        run(['verify', '--key', pub, ...flags, ref]);

      /** The legacy signature manifest of an image and its cosign bundle annotation. */
      async function signatureManifest(repo: string, digest: string) {
        const tag = parseReference(`${registry.host}/${repo}:sha256-${digest.slice(7)}.sig`);
        const manifest = JSON.parse(
          new TextDecoder().decode((await client.getManifest(tag)).bytes),
        );
        const bundle = JSON.parse(manifest.layers[0].annotations['dev.sigstore.cosign/bundle']);
        return { tag, manifest, bundle };
      }

      /** `signet verify` with `--report FILE`: the run and Signet's detailed report of the image. */
      async function verifyReport(ref: string, ...flags: string[]) {
        const file = join(dir, `report-${counter}-${(reports += 1)}.json`);
        const result = await verify(ref, ...flags, '--report', file);
        assert.equal(result.code, 0, result.stderr);
        return { result, report: JSON.parse(await readFile(file, 'utf8')).images[0] };
      }

      async function pushFresh() {
        counter += 1;
        const repo = `tlog/app${counter}`;
        const ref = `${registry.host}/${repo}:1.0`;
        const { digest } = await pushImage(client, parseReference(ref), buildImage());
        return { ref, repo, digest };
      }

      before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'signet-tlog-e2e-'));
        registry = await target.start();
        log = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'log') });
        client = new RegistryClient();
        const made = await run(['generate-key-pair', '--output-key-prefix', join(dir, 'cosign')]);
        assert.equal(made.code, 0, made.stderr);
        key = join(dir, 'cosign.key');
        pub = join(dir, 'cosign.pub');
        const rekor = new RekorClient(log.url);
        logKey = join(dir, 'log.pub');
        await writeFile(logKey, await rekor.publicKeyPem());
        await rekor.close();
        strangerKey = join(dir, 'stranger.pub');
        const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
        await writeFile(strangerKey, stranger.export({ type: 'spki', format: 'pem' }).toString());
      });

      after(async () => {
        await client.close();
        await log.close();
        await registry.stop();
        await rm(dir, { recursive: true, force: true });
      });

      it('records a legacy signature in the log and verifies its SET with the log key', async () => {
        const { ref, repo, digest } = await pushFresh();
        const signed = await run(['sign', '--key', key, '--tlog-url', log.url, '-o', 'json', ref]);
        assert.equal(signed.code, 0, signed.stderr);
        const entry = JSON.parse(signed.stdout).signed[0].tlogEntry;
        assert.equal(entry.logId, log.logId);
        assert.match(entry.entryId, /^[0-9a-f]{80}$/);

        const { bundle } = await signatureManifest(repo, digest);
        assert.deepEqual(Object.keys(bundle), ['SignedEntryTimestamp', 'Payload']);
        assert.deepEqual(Object.keys(bundle.Payload), [
          'body',
          'integratedTime',
          'logIndex',
          'logID',
        ]);
        assert.equal(bundle.Payload.logIndex, entry.logIndex);

        const { result: verified, report } = await verifyReport(
          ref,
          '--tlog-key',
          logKey,
          '--tlog-required',
        );
        assert.equal(report.verified[0].checks.tlog, 'verified');
        assert.equal(report.verified[0].tlogEntry.logIndex, entry.logIndex);
        assert.deepEqual(report.notChecked, ['certificate']);
        // cosign's output carries the log entry as the Rekor bundle, as cosign prints it.
        const [cosign] = JSON.parse(verified.stdout);
        assert.equal(cosign.critical.image['docker-manifest-digest'], digest);
        assert.deepEqual(cosign.optional.Bundle, bundle);

        const text = await verify(ref, '--tlog-key', logKey);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stderr, /transparency-log entries were verified against the log key/);
        assert.match(text.stderr, new RegExp(`logged at index ${entry.logIndex}`));

        const withoutKey = await verifyReport(ref);
        assert.equal(withoutKey.report.verified[0].checks.tlog, 'not-checked');
      });

      it('fails an unlogged signature with --tlog-required (exit 12) and reports it absent without', async () => {
        const { ref } = await pushFresh();
        assert.equal((await run(['sign', '--key', key, ref])).code, 0);
        const required = await verify(ref, '--tlog-key', logKey, '--tlog-required');
        assert.equal(required.code, 12, required.stderr);
        assert.match(
          required.stderr,
          /carries no transparency-log entry \(dev\.sigstore\.cosign\/bundle\), and one is required/,
        );
        const optional = await verifyReport(ref, '--tlog-key', logKey);
        assert.equal(optional.report.verified[0].checks.tlog, 'absent');
        assert.equal((await verify(ref, '--tlog-required')).code, 2);
      });

      it('fails a tampered SET and a log key that did not make the entry (exit 12)', async () => {
        const { ref, repo, digest } = await pushFresh();
        assert.equal((await run(['sign', '--key', key, '--tlog-url', log.url, ref])).code, 0);

        const wrongKey = await verify(ref, '--tlog-key', strangerKey);
        assert.equal(wrongKey.code, 12);
        assert.match(
          wrongKey.stderr,
          new RegExp(`made by log ${log.logId}, which is not a trusted log key`),
        );

        const { tag, manifest, bundle } = await signatureManifest(repo, digest);
        bundle.Payload.integratedTime -= 3600;
        manifest.layers[0].annotations['dev.sigstore.cosign/bundle'] = JSON.stringify(bundle);
        await client.putManifest(
          tag,
          new TextEncoder().encode(JSON.stringify(manifest)),
          MediaType.OciManifest,
        );
        const tampered = await verify(ref, '--tlog-key', logKey);
        assert.equal(tampered.code, 12);
        assert.match(
          tampered.stderr,
          /transparency-log entry does not verify: the signed entry timestamp of log entry \d+ is not the log key's signature/,
        );
      });

      it('records a Sigstore bundle as a dsse entry with an inclusion proof and checkpoint', async () => {
        const { ref, repo } = await pushFresh();
        const signed = await run([
          'sign',
          '--key',
          key,
          '--layout',
          'bundle',
          '--tlog-url',
          log.url,
          '-o',
          'json',
          ref,
        ]);
        assert.equal(signed.code, 0, signed.stderr);
        const pushed = JSON.parse(signed.stdout).signed[0];
        const referrer = await client.getManifest(
          parseReference(`${registry.host}/${repo}@${pushed.pushedDigest}`),
        );
        const layer = JSON.parse(new TextDecoder().decode(referrer.bytes)).layers[0];
        const bundle = JSON.parse(
          new TextDecoder().decode(
            await client.readBlob(
              parseReference(`${registry.host}/${repo}`),
              layer.digest,
              1 << 20,
            ),
          ),
        );
        const tle = bundle.verificationMaterial.tlogEntries[0];
        assert.deepEqual(tle.kindVersion, { kind: 'dsse', version: '0.0.1' });
        assert.equal(tle.logIndex, String(pushed.tlogEntry.logIndex));
        assert.match(tle.inclusionProof.checkpoint.envelope, /^127\.0\.0\.1 - \d+\n/);

        const { report } = await verifyReport(ref, '--tlog-key', logKey, '--tlog-required');
        const outcome = report.verified[0];
        assert.equal(outcome.layout, 'bundle');
        assert.equal(outcome.checks.tlog, 'verified');
        assert.equal(outcome.tlogEntry.inclusionProven, true);

        const wrongKey = await verify(ref, '--tlog-key', strangerKey);
        assert.equal(wrongKey.code, 12);
        assert.match(wrongKey.stderr, /not a trusted log key/);
      });

      it("fetches the log's key with --tlog-url and says it is trusting it", async () => {
        const { ref } = await pushFresh();
        assert.equal(
          (await run(['sign', '--key', key, ref], { SIGNET_TLOG_URL: log.url })).code,
          0,
        );
        const verified = await verify(ref, '--tlog-url', log.url, '--tlog-required');
        assert.equal(verified.code, 0, verified.stderr);
        assert.match(
          verified.stderr,
          new RegExp(`warning: trusting the key served by .* \\(log ID ${log.logId}\\)`),
        );
      });
    },
  );
}
