// Who signed an image, on its dashboard page, in real Chromium: an image pushed to the CNCF
// distribution registry is signed with `signet sign --key --tlog-url` (a real Signet log),
// checked with `signet check image --tlog-key --send`, and its Images page names the key
// that verified the signature, the Secret it came from, the layout and the log entry. The
// JSON report carries the same evidence; a signature made with another key is not listed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parsePublicKey } from '../../src/core/keys/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import { RekorClient } from '../../src/tlog/client/index.js';
import { startTlogServer, type RunningTlogServer } from '../../src/tlog/server/index.js';
import { startApi, TOKENS, type RunningApi } from './api-harness.js';
import { findChromium, launchChromium, signIn } from './dashboard-harness.js';

const chromium = findChromium();
const real = registryTargets().find((t) => t.name === 'distribution')!;
const env = { SIGNET_PASSWORD: 'signers test' };

const POLICY = `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: trusted-signature}
spec:
  name: Trusted signature
  description: Images must carry a signature made with the CI key.
  remediation: Sign the image with signet sign --key cosign.key.
  severity: high
  lifecycleStages: [build]
  enforcement: {build: enforce}
  criteria:
    signature:
      authorities: [{name: ci, key: {secretRef: {name: signet-trusted-key}}}]
`;

describe(
  'dashboard Images page names who signed an image',
  { skip: chromium.skipReason ?? real.skipReason },
  () => {
    let api: RunningApi;
    let registry: RunningRegistry;
    let log: RunningTlogServer;
    let browser: Browser;
    let page: Page;
    let dir: string;
    let image: string;
    let stranger: string;
    let signer: string;
    let logIndex: number;

    /** `signet check image` of `ref` with the CI key and the log key, sent to the server. */
    const check = (ref: string) =>
      runCli(
        [
          'check',
          'image',
          '--policy',
          join(dir, 'policy.yaml'),
          '--key-secret',
          `signet-trusted-key=${join(dir, 'cosign.pub')}`,
          '--tlog-key',
          join(dir, 'log.pub'),
          '--send',
          api.server.url,
          '--token',
          join(dir, 'token'),
          '--pipeline',
          'signers-pipeline',
          '-o',
          'json',
          ref,
        ],
        env,
      );

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'signet-dashboard-signers-'));
      api = await startApi();
      registry = await real.start();
      log = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'log') });
      const rekor = new RekorClient(log.url);
      await writeFile(join(dir, 'log.pub'), await rekor.publicKeyPem());
      await rekor.close();
      await writeFile(join(dir, 'token'), `${TOKENS.writer}\n`);
      await writeFile(join(dir, 'policy.yaml'), POLICY);
      for (const prefix of ['cosign', 'stranger']) {
        const made = await runCli(
          ['generate-key-pair', '--output-key-prefix', join(dir, prefix)],
          env,
        );
        assert.equal(made.code, 0, made.stderr);
      }
      const client = new RegistryClient();
      image = `${registry.host}/signers/app:1.0`;
      stranger = `${registry.host}/signers/other:1.0`;
      for (const ref of [image, stranger])
        await pushImage(client, parseReference(ref), buildImage());
      await client.close();
      const keyId = parsePublicKey(await readFile(join(dir, 'cosign.pub'), 'utf8'), 'pub').keyId;
      signer = `key sha256:${keyId} (secret signet-trusted-key)`;
      browser = await launchChromium(chromium.path!);
      page = await browser.newPage();
      page.setDefaultTimeout(5_000);
      await signIn(page, api.server.url, TOKENS.viewer, '#/images');
    });

    after(async () => {
      await browser?.close();
      await log?.close();
      await registry?.stop();
      await api?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('reports the signer and the verified log entry in the JSON report it sends', async () => {
      const key = join(dir, 'cosign.key');
      const signed = await runCli(['sign', '--key', key, '--tlog-url', log.url, image], env);
      assert.equal(signed.code, 0, signed.stderr);
      const rekor = new RekorClient(log.url);
      logIndex = (await rekor.logInfo()).treeSize - 1;
      await rekor.close();
      const result = await check(image);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, new RegExp(`recorded as \\S+ in ${api.server.url}`));
      const report = JSON.parse(result.stdout) as {
        results: { evidence: { signatures: unknown[] } }[];
      };
      assert.deepEqual(report.results[0]!.evidence.signatures, [
        { signer, layout: 'cosign .sig tag', logIndex },
      ]);
    });

    it('shows the signer, layout and log entry on the image page', async () => {
      await page.goto(`${api.server.url}/#/images?q=signers/app`);
      await page.locator('tr.link', { hasText: 'signers/app:1.0' }).first().click();
      await page.waitForSelector('#image-evidence');
      const evidence = await page.locator('#image-evidence').innerText();
      assert.ok(
        evidence.includes(`Signatures\n${signer} · cosign .sig tag · log entry ${logIndex}`),
        evidence,
      );
      // The log entry leads to the transparency-log page.
      assert.equal(
        await page.locator('#image-evidence a[href="#/tlog"]').innerText(),
        `log entry ${logIndex}`,
      );
      assert.match(evidence, /check signers-pipeline/);
    });

    it('lists no signer for an image signed with another key', async () => {
      const key = join(dir, 'stranger.key');
      const signed = await runCli(['sign', '--key', key, '--tlog-url', log.url, stranger], env);
      assert.equal(signed.code, 0, signed.stderr);
      const result = await check(stranger);
      assert.equal(result.code, 13, result.stderr);
      const report = JSON.parse(result.stdout) as { results: { evidence: object }[] };
      assert.equal('signatures' in report.results[0]!.evidence, false);
      await page.goto(`${api.server.url}/#/images/${encodeURIComponent(stranger)}`);
      await page.waitForSelector('#image-evidence');
      const evidence = await page.locator('#image-evidence').innerText();
      assert.doesNotMatch(evidence, /key sha256:/);
      assert.doesNotMatch(evidence, /log entry/);
    });
  },
);

describe('signet check --tlog-key', () => {
  it('refuses an unreadable or malformed log key before reading any registry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-tlog-key-'));
    try {
      const missing = await runCli([
        'check',
        'image',
        '--tlog-key',
        join(dir, 'missing.pub'),
        'registry.invalid/app:1.0',
      ]);
      assert.equal(missing.code, 3, missing.stderr);
      assert.match(missing.stderr, /CLI_FILE_UNREADABLE.*cannot read the log key .*missing\.pub/);
      await writeFile(join(dir, 'junk.pub'), 'not a key');
      const junk = await runCli([
        'check',
        'image',
        '--tlog-key',
        join(dir, 'junk.pub'),
        'registry.invalid/app:1.0',
      ]);
      assert.equal(junk.code, 3, junk.stderr);
      assert.match(junk.stderr, /junk\.pub is not a usable transparency-log key/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
