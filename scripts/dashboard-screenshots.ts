// Takes the screenshots of docs/dashboard.md: starts a Signet server with an in-process
// transparency log on a temporary SQLite store, fills it with two weeks of plausible
// decisions from two clusters, Gatekeeper and CI, and photographs each page in Debian's
// Chromium. Run: node --import tsx scripts/dashboard-screenshots.ts [OUTDIR]
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDecisionStore, type DecisionInput } from '../src/records/index.js';
import { RekorClient, hashedRekordProposal } from '../src/tlog/client/index.js';
import { startTlogServer } from '../src/tlog/server/index.js';
import { startSignetServer } from '../src/ui/server.js';
import { parseRoleTokens } from '../src/ui/tokens.js';
import { failedCheckReport } from '../test/e2e/api-harness.js';
import { findChromium, launchChromium, signIn } from '../test/e2e/dashboard-harness.js';

const outdir = process.argv[2] ?? 'docs/screenshots';
const TOKEN = 'admin-screenshot-token-0123456789';
const DAY = 86_400_000;
const CLUSTERS = ['prod-eu', 'prod-us'];
const NAMESPACES = ['shop', 'payments', 'search'];
const POLICIES = ['signed-by-release-key', 'slsa-provenance', 'no-latest-tag', 'sbom-attached'];

/** A deterministic pseudo-random sequence, so that each run draws the same pictures. */
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function admission(now: number): DecisionInput {
  const policy = pick(POLICIES);
  const warn = policy === 'no-latest-tag';
  const image = `registry.acme.example/${pick(['shop/web', 'shop/cart', 'payments/api', 'search/indexer'])}:${pick(['1.4.2', '1.5.0', 'latest', '2.0.0-rc1'])}`;
  const reason = warn
    ? `image ${image} fails policy "${policy}" (mode warn, allowed anyway): the tag is mutable`
    : `image ${image} is not allowed by policy "${policy}": ${policy === 'slsa-provenance' ? 'no SLSA provenance attestation signed by the builder' : 'no signature verified with the release key'}`;
  return {
    time: new Date(now - Math.floor(random() * 14 * DAY * random())),
    source: 'admission',
    outcome: warn ? 'warned' : 'denied',
    cluster: pick(CLUSTERS),
    namespace: pick(NAMESPACES),
    kind: pick(['Deployment', 'Pod', 'StatefulSet']),
    name: pick(['web', 'cart', 'api', 'indexer']),
    operation: 'CREATE',
    warnings: warn ? [reason] : [],
    images: [
      {
        image,
        digest: `sha256:${createHash('sha256').update(image).digest('hex')}`,
        allowed: warn,
        reasons: [reason],
      },
    ],
  };
}

/**
 * The newest decision, so that the image page shows it: an admission whose policies
 * verified a key signature with its log entry and a keyless provenance attestation.
 */
function signedAdmission(now: number): DecisionInput {
  const image = 'registry.acme.example/shop/web:1.5.0';
  const key = createHash('sha256').update('release key').digest('hex');
  return {
    time: new Date(now),
    source: 'admission',
    outcome: 'allowed',
    cluster: 'prod-eu',
    namespace: 'shop',
    kind: 'Deployment',
    name: 'web',
    operation: 'CREATE',
    warnings: [],
    images: [
      {
        image,
        digest: `sha256:${createHash('sha256').update(image).digest('hex')}`,
        allowed: true,
        reasons: [],
        evidence: {
          signatures: [
            {
              signer: `key sha256:${key} (secret release-key)`,
              layout: 'cosign .sig tag',
              logIndex: 7,
            },
          ],
          attestations: [
            {
              predicateType: 'https://slsa.dev/provenance/v1',
              signer:
                'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main issued by https://token.actions.githubusercontent.com',
            },
          ],
        },
      },
    ],
  };
}

async function fillLog(url: string): Promise<void> {
  const client = new RekorClient(url);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  for (let i = 0; i < 12; i++) {
    const artifact = Buffer.from(`release artifact ${i}`);
    await client.createEntry(
      hashedRekordProposal({
        algorithm: 'sha256',
        digestHex: createHash('sha256').update(artifact).digest('hex'),
        signature: sign('sha256', artifact, privateKey),
        publicKeyPem,
      }),
    );
  }
  await client.close();
}

const chromium = findChromium();
if (chromium.path === undefined) throw new Error(chromium.skipReason);
const dir = await mkdtemp(join(tmpdir(), 'signet-screenshots-'));
const tlog = await startTlogServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'tlog') });
const store = await openDecisionStore(`sqlite:${join(dir, 'records.db')}`, { maxDelayMs: 1 });
const server = await startSignetServer({
  store,
  tokens: parseRoleTokens(`admin ${TOKEN}`, 'tokens'),
  tlogUrl: tlog.url,
  loadedPolicies: () => POLICIES,
  logger: pino({ level: 'silent' }),
});
const browser = await launchChromium(chromium.path);
try {
  const now = Date.now();
  for (let i = 0; i < 160; i++) await store.record(admission(now));
  for (const pipeline of ['release', 'nightly', 'pr-1187']) {
    const report = failedCheckReport(`registry.acme.example/payments/api:${pipeline}`, pipeline);
    await fetch(`${server.url}/api/v1/check-results`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
  }
  await fillLog(tlog.url);
  await store.record(signedAdmission(Date.now()));
  await mkdir(outdir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signIn(page, server.url, TOKEN);
  const shots: [string, string, string][] = [
    ['violations', '#/violations', '#rows tr.link'],
    ['violations-filtered', '#/violations?action=failed-build', '#rows tr.link'],
    ['images', '#/images', 'tr.link'],
    ['policies', '#/policies?days=14', '.chart svg'],
    ['transparency-log', '#/tlog', '#tree-size'],
  ];
  for (const [name, hash, ready] of shots) {
    await page.goto(`${server.url}/${hash}`);
    await page.waitForSelector(ready);
    await page.screenshot({ path: join(outdir, `${name}.png`) });
  }
  await page.goto(`${server.url}/#/images`);
  await page.click('tr.link');
  await page.waitForSelector('#image-decisions');
  await page.screenshot({ path: join(outdir, 'image-detail.png') });
  await page.goto(`${server.url}/#/violations?pipeline=release&severity=critical`);
  await page.click('#rows tr.link');
  await page.waitForSelector('#remediation');
  await page.screenshot({ path: join(outdir, 'violation-detail.png') });
  console.log(`screenshots written to ${outdir}`);
} finally {
  await browser.close();
  await server.close();
  await store.close();
  await tlog.close();
  await rm(dir, { recursive: true, force: true });
}
