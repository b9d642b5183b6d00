// The dashboard in real Chromium: a denial made through the admission webhook and a
// failed CI check made by the real `signet check image --send` against an unsigned image
// both appear on the Violations page within a second; filters, search and the detail page
// work; an admitted image's page names the key that verified it; a viewer cannot write; the
// page loads nothing from anywhere but the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { staticKubernetesReader } from '../../src/admission/index.js';
import type { AdmissionServer } from '../../src/admission/server/index.js';
import type { startInMemoryRegistry } from '../../src/testing/in-memory-registry.js';
import { runCli } from '../../src/testing/run-cli.js';
import { startApi, TOKENS, type RunningApi } from './api-harness.js';
import {
  postJson,
  review,
  workload,
  type Certificates,
  type ImageFactory,
} from './admission-harness.js';
import { startTrustedWebhook, type TrustedWebhook } from './trusted-webhook.js';
import { findChromium, launchChromium, signIn } from './dashboard-harness.js';

const chromium = findChromium();
/** The promise of the issue: a decision is on the page within a second of being made. */
const WITHIN_MS = 1_000;
const DEFAULT_POLICIES = join(import.meta.dirname, '../../deploy/security-policies');

describe('dashboard Violations page in Chromium', { skip: chromium.skipReason }, () => {
  let api: RunningApi;
  let registry: Awaited<ReturnType<typeof startInMemoryRegistry>>;
  let certs: Certificates;
  let images: ImageFactory;
  let webhook: AdmissionServer;
  let setup: TrustedWebhook | undefined;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const requested: string[] = [];

  before(async () => {
    api = await startApi();
    setup = await startTrustedWebhook(
      staticKubernetesReader({ namespaces: { team: { 'signet.dev/include': 'true' } } }),
      api.store,
    );
    ({ registry, certs, images, webhook } = setup);
    await images.push('team/unsigned', 'v1');
    await images.push('team/signed', 'v1', images.trusted);
    // Tagged latest so the low-severity "Latest tag" policy fires too (for the filters).
    await images.push('release/api', 'latest');
    dir = await mkdtemp(join(tmpdir(), 'signet-dashboard-check-'));
    await writeFile(join(dir, 'token'), `${TOKENS.writer}\n`);
    await writeFile(join(dir, 'cosign.pub'), images.trusted.publicKey.pem);
    await writeFile(join(dir, 'clean.json'), JSON.stringify({ SchemaVersion: 2, Results: [] }));
    browser = await launchChromium(chromium.path!);
    page = await browser.newPage();
    page.setDefaultTimeout(5_000);
    page.on('request', (request) => requested.push(request.url()));
    await signIn(page, api.server.url, TOKENS.viewer);
  });

  after(async () => {
    await browser?.close();
    await setup?.close();
    await api?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('shows a denial made through the webhook within a second', async () => {
    const image = `${registry.host}/team/unsigned:v1`;
    const answer = await postJson(
      webhook,
      certs.ca,
      '/validate',
      review('Pod', workload('Pod', [image]).object),
    );
    assert.equal(answer.body.response.allowed, false);
    const answered = Date.now();
    const row = page.locator('#rows tr', { hasText: image });
    await row.first().waitFor({ timeout: WITHIN_MS });
    assert.ok(Date.now() - answered <= WITHIN_MS);
    const text = await row.first().innerText();
    assert.match(text, /signed-by-ci/);
    assert.match(text, /team \/ Pod\/pod-/);
    assert.match(text, /denied/);
  });

  it('shows a failed check made by signet check image --send within a second', async () => {
    const image = `${registry.host}/release/api:latest`;
    const result = await runCli([
      'check',
      'image',
      '--policy',
      DEFAULT_POLICIES,
      '--key-secret',
      `signet-trusted-key=${join(dir, 'cosign.pub')}`,
      '--vuln-report',
      join(dir, 'clean.json'),
      '--send',
      api.server.url,
      '--token',
      join(dir, 'token'),
      '--pipeline',
      'release-pipeline',
      '--run',
      '1042',
      image,
    ]);
    const answered = Date.now();
    assert.equal(result.code, 13, result.stderr);
    assert.match(result.stderr, new RegExp(`recorded as \\S+ in ${api.server.url}`));
    const row = page.locator('#rows tr', { hasText: 'Trusted signature' });
    await row.first().waitFor({ timeout: WITHIN_MS });
    assert.ok(Date.now() - answered <= WITHIN_MS);
    const text = await row.first().innerText();
    assert.match(text, /CI release-pipeline/);
    assert.match(text, /release\/api/);
    assert.match(text, /high/);
    assert.match(text, /failed-build/);
  });

  it('filters by action and severity, and searches', async () => {
    await page.selectOption('select[name=action]', 'failed-build');
    await page.waitForFunction("location.hash.includes('action=failed-build')");
    await page.locator('#rows tr', { hasText: 'release-pipeline' }).first().waitFor();
    const failed = await page.locator('#rows tbody tr').allInnerTexts();
    assert.ok(failed.length >= 1);
    for (const row of failed) assert.match(row, /failed-build/);

    await page.selectOption('select[name=action]', '');
    await page.selectOption('select[name=severity]', 'low');
    await page.waitForFunction(
      "location.hash.includes('severity=low') && !location.hash.includes('action=failed')",
    );
    await page.locator('#rows tr', { hasText: 'Latest tag' }).first().waitFor();
    assert.equal(await page.locator('#rows tbody tr', { hasText: 'Trusted signature' }).count(), 0);

    await page.selectOption('select[name=severity]', '');
    await page.fill('input[name=q]', 'team/unsigned');
    await page.click('#filters button[type=submit]');
    await page.waitForFunction("location.hash.includes('q=team')");
    await page.locator('#rows tr', { hasText: 'signed-by-ci' }).first().waitFor();
    assert.equal(await page.locator('#rows tbody tr', { hasText: 'release-pipeline' }).count(), 0);
  });

  it('opens the detail page with rationale and remediation', async () => {
    await page.goto(`${api.server.url}/#/violations?pipeline=release-pipeline&severity=high`);
    await page.locator('#rows tr.link', { hasText: 'Trusted signature' }).first().click();
    await page.waitForSelector('#remediation');
    assert.match(await page.locator('h1').innerText(), /Trusted signature/);
    assert.match(
      await page.locator('#rationale').innerText(),
      /only a trusted signature ties it to your build/,
    );
    assert.match(await page.locator('#remediation').innerText(), /signet sign --key cosign\.key/);
    assert.match(await page.locator('main').innerText(), /Supply Chain Security/);
  });

  it('lists images and opens one with its last decisions', async () => {
    await page.goto(`${api.server.url}/#/images?q=unsigned`);
    await page.locator('tr.link', { hasText: 'team/unsigned:v1' }).first().click();
    await page.waitForSelector('#image-decisions');
    const rows = await page.locator('#image-decisions tbody tr').allInnerTexts();
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /admission/);
    assert.match(rows[0]!, /denied/);
    assert.match(await page.locator('header.page').innerText(), /sha256:[0-9a-f]{64}/);
    assert.match(await page.locator('#image-evidence').innerText(), /No evidence summary/);
  });

  it('shows the evidence summary signet check sent on the image page', async () => {
    await page.goto(`${api.server.url}/#/images?q=release`);
    await page.locator('tr.link', { hasText: 'release/api:latest' }).first().click();
    await page.waitForSelector('#image-decisions');
    const evidence = await page.locator('#image-evidence').innerText();
    assert.match(evidence, /SBOM\s+none attached/);
    assert.match(evidence, /0 critical, 0 high, 0 medium, 0 low; 0 fixable/);
    assert.match(evidence, /check release-pipeline/);
  });

  it('names the key that verified an image the webhook admitted on its image page', async () => {
    const image = `${registry.host}/team/signed:v1`;
    const answer = await postJson(
      webhook,
      certs.ca,
      '/validate',
      review('Pod', workload('Pod', [image]).object),
    );
    assert.equal(answer.body.response.allowed, true);
    // The webhook records in the background: open the page until the decision is there.
    for (let tries = 0; ; tries++) {
      await page.goto(`${api.server.url}/#/images/${encodeURIComponent(image)}`);
      await page.reload();
      await page.waitForSelector('#image-evidence');
      if ((await page.locator('#image-evidence', { hasText: 'Signatures' }).count()) > 0) break;
      assert.ok(tries < 20, 'the admission was not recorded');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const evidence = await page.locator('#image-evidence').innerText();
    const signer = `key sha256:${images.trusted.publicKey.keyId}`;
    assert.ok(evidence.includes(`${signer} · cosign .sig tag · no verified log entry`), evidence);
    assert.match(evidence, /#\d+ · admission/);
  });

  it('does not let a viewer write, even from the signed-in page', async () => {
    const status = await page.evaluate(async (token) => {
      const response = await fetch('/api/v1/check-results', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      return response.status;
    }, TOKENS.viewer);
    assert.equal(status, 403);
    assert.match(await page.locator('#who').innerText(), /viewer/);
  });

  it('loads nothing from outside the server', () => {
    const outside = requested.filter(
      (url) => !url.startsWith(api.server.url) && !url.startsWith('blob:'),
    );
    assert.deepEqual(outside, []);
    assert.ok(requested.some((url) => url.endsWith('/assets/app.js')));
  });
});
