// Four hostile requests at once against a real webhook in its own process: AdmissionReviews
// and Gatekeeper ProviderRequests of up to 2.7 MB built to make the webhook work (and
// complain) per element: 900,000 empty container entries or keys, which the JSON reader
// refuses, and 99,000, which it reads and the review or key checks must refuse cheaply.
// The child reports its peak resident memory and the size of every answer and log line, so
// the bound holds for the process as deployed (deploy/ gives the webhook 512 MiB).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface LoadFigures {
  readonly bodyBytes: number;
  readonly baselineRssBytes: number;
  readonly peakRssBytes: number;
  readonly statuses: number[];
  readonly answerBytes: number[];
  readonly longestLogLine: number;
}

/** The child: starts the webhook with an enforcing policy, posts `bodies` concurrently. */
const CHILD = `
import { request } from 'node:https';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
const root = process.env.SIGNET_ROOT;
const { generateWebhookCertificates, writeWebhookCertificates, staticKubernetesReader } =
  await import(root + 'src/admission/index.ts');
const { startAdmissionServer } = await import(root + 'src/admission/server/index.ts');
const { compilePolicies, parsePolicyYaml } = await import(root + 'src/policy/index.ts');
const certs = await generateWebhookCertificates({ service: 'signet-webhook', namespace: 'signet-system' });
const files = await writeWebhookCertificates(join(await mkdtemp(join(tmpdir(), 'signet-load-')), 'tls'), certs);
const yaml = 'apiVersion: policy.sigstore.dev/v1beta1\\nkind: ClusterImagePolicy\\nmetadata: {name: deny-all}\\nspec:\\n  images: [{glob: "**"}]\\n  authorities: [{static: {action: fail}}]\\n';
const policies = compilePolicies(parsePolicyYaml(yaml, 'deny.yaml').documents, { noMatch: 'deny' });
let longestLogLine = 0;
const logger = pino({ level: 'info' }, { write: (line) => { longestLogLine = Math.max(longestLogLine, line.length); } });
const server = await startAdmissionServer({
  tls: { certFile: files.certificate, keyFile: files.privateKey },
  decider: { kubernetes: staticKubernetesReader({ namespaces: { team: { 'signet.dev/include': 'true' } } }),
    keyNamespace: 'signet-system', deadlineMs: 10000, cache: { ttlMs: 60000, maxEntries: 100 } },
  policies, logger,
});
const [kind, count] = process.env.SIGNET_SCENARIO.split(':');
const list = (item) => (item + ',').repeat(Number(count)).slice(0, -1);
const hostile = (i) => kind === 'review'
  ? '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u' + i +
    '","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},' +
    '"namespace":"team","operation":"CREATE","object":{"spec":{"containers":[' + list('{}') + ']}}}}'
  : '{"apiVersion":"externaldata.gatekeeper.sh/v1beta1","kind":"ProviderRequest","request":{"keys":[' +
    list(kind === 'keys' ? '"registry.example/app:' + i + '"' : '1') + ']}}';
const path = kind === 'review' ? '/validate' : '/gatekeeper/verify';
const bodies = [hostile(1), hostile(2), hostile(3), hostile(4)];
globalThis.gc?.();
const baselineRssBytes = process.memoryUsage().rss;
const post = (body) => new Promise((resolve, reject) => {
  const req = request(server.url + path, { method: 'POST', ca: certs.caCertificatePem,
    servername: 'signet-webhook.signet-system.svc', agent: false, headers: { 'content-type': 'application/json' } },
    (res) => { let size = 0; res.on('data', (c) => { size += c.length; }); res.on('end', () => resolve([res.statusCode, size])); });
  req.on('error', reject);
  req.end(body);
});
const answers = await Promise.all(bodies.map(post));
await server.close();
process.stdout.write(JSON.stringify({ baselineRssBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024,
  bodyBytes: bodies[0].length, statuses: answers.map((a) => a[0]), answerBytes: answers.map((a) => a[1]), longestLogLine }));
`;

/** `review:N`, `numbers:N` or `keys:N`: four bodies with N empty containers, numeric keys or image keys. */
function runLoad(scenario: string): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', CHILD],
      {
        cwd: ROOT,
        env: { ...process.env, SIGNET_ROOT: ROOT, SIGNET_SCENARIO: scenario },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load child exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout) as LoadFigures);
    });
  });
}

const MiB = 1024 * 1024;

const SCENARIOS: Array<[string, string, number]> = [
  ['AdmissionReviews with 900,000 empty containers', 'review:900000', 400],
  ['AdmissionReviews with 99,000 empty containers', 'review:99000', 400],
  ['ProviderRequests with 900,000 keys', 'numbers:900000', 400],
  // Within the JSON bounds, so answered in the protocol: a systemError, HTTP 200.
  ['ProviderRequests with 99,000 keys', 'keys:99000', 200],
];

describe('four hostile requests at once', () => {
  for (const [name, scenario, status] of SCENARIOS) {
    it(`answers four ${name} briefly, with bounded memory and log lines`, async (t) => {
      const figures = await runLoad(scenario);
      t.diagnostic(
        `bodies of ${figures.bodyBytes} bytes: baseline ${(figures.baselineRssBytes / MiB).toFixed(0)} MiB, peak ${(figures.peakRssBytes / MiB).toFixed(0)} MiB, answers ${figures.answerBytes.join(', ')} bytes, longest log line ${figures.longestLogLine} characters`,
      );
      assert.deepEqual(figures.statuses, [status, status, status, status]);
      for (const size of figures.answerBytes)
        assert.ok(size < 64 * 1024, `answer of ${size} bytes`);
      assert.ok(figures.longestLogLine < 16 * 1024, `log line of ${figures.longestLogLine} chars`);
      // The deployment's limit is 512 MiB; the goal is half of it, tsx's compiler included.
      assert.ok(figures.peakRssBytes < 256 * MiB, `peak RSS ${figures.peakRssBytes} bytes`);
    });
  }
});
