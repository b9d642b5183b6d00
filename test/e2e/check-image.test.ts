// `signet check image` against the real distribution registry and the embedded one, with
// the default SecurityPolicy set shipped in deploy/security-policies: unsigned images fail
// "Trusted signature", a fixable HIGH in a Trivy report fails "Fixable severity at least
// Important", a signed clean image passes with its inform-only violations printed, and a
// registry outage ends with the retry count, never a pass. Keys are generated per run.
import { after, before, describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '../../src/core/keys/index.js';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { cosignSignatureLayer, inTotoEnvelope } from '../../src/testing/cosign-evidence.js';
import { CosignAnnotation, CosignMediaType } from '../../src/signing/cosign/index.js';
import { COSIGN_VULN_PREDICATE_TYPE } from '../../src/signing/sbom/index.js';
import { pushCosignAttachment, signatureAttachment } from '../../src/testing/cosign-attachment.js';
import {
  freeLoopbackPort,
  registryTargets,
  type RunningRegistry,
} from '../../src/testing/index.js';
import {
  COSIGN_VULN_PREDICATE,
  TRIVY_REPORT,
  bytesOf,
} from '../../src/testing/vulnerability-reports.js';

const DEFAULTS = join(import.meta.dirname, '../../deploy/security-policies');

async function run(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, ...console };
}

for (const target of registryTargets()) {
  describe(`signet check image on the ${target.name} registry`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    let client: RegistryClient;
    let dir: string;
    const image = (name: string) => `${registry.host}/team/${name}:1.0`;
    const file = (name: string) => join(dir, name);
    const gate = (...args: string[]) =>
      run([
        'check',
        'image',
        '--policy',
        DEFAULTS,
        '--key-secret',
        `signet-trusted-key=${file('cosign.pub')}`,
        ...args,
      ]);

    before(async () => {
      registry = await target.start();
      client = new RegistryClient();
      dir = await mkdtemp(join(tmpdir(), 'signet-check-e2e-'));
      const key = await generateKeyPair('ecdsa-p256');
      await writeFile(file('cosign.pub'), key.publicKey.pem);
      await writeFile(file('clean.json'), bytesOf({ ...TRIVY_REPORT, Results: [] }));
      await writeFile(file('high.json'), bytesOf(TRIVY_REPORT));
      await writeFile(file('broken.json'), '{"SchemaVersion": 2, "Results": [');
      for (const name of ['signed', 'unsigned', 'attested']) {
        const { digest } = await pushImage(client, parseReference(image(name)), buildImage());
        if (name === 'unsigned') continue;
        const repo = `${registry.host}/team/${name}`;
        const layer = cosignSignatureLayer(key, digest, { repository: repo });
        await pushCosignAttachment(client, repo, digest, 'sig', [signatureAttachment(layer)]);
        if (name !== 'attested') continue;
        // The scanner's report as a cosign vuln attestation signed by the trusted key.
        await pushCosignAttachment(client, repo, digest, 'att', [
          {
            mediaType: CosignMediaType.DsseEnvelope,
            bytes: inTotoEnvelope(key, digest, COSIGN_VULN_PREDICATE_TYPE, COSIGN_VULN_PREDICATE, {
              repository: repo,
            }),
            annotations: {
              [CosignAnnotation.Signature]: '',
              predicateType: COSIGN_VULN_PREDICATE_TYPE,
            },
          },
        ]);
      }
    });

    after(async () => {
      await client.close();
      await registry.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('fails an unsigned image with "Trusted signature" in the table and exit code 13', async () => {
      const result = await gate('--vuln-report', file('clean.json'), image('unsigned'));
      assert.equal(result.code, 13, result.stderr);
      assert.match(result.stdout, /Policy check results for image: .*unsigned:1\.0/);
      assert.match(
        result.stdout,
        /\| +POLICY +\| SEVERITY \| BREAKS BUILD \| +DESCRIPTION +\| +VIOLATION +\| +REMEDIATION +\|/,
      );
      assert.match(result.stdout, /\| Trusted signature +\| HIGH +\| +X +\|/);
      assert.match(
        result.stdout,
        /ERROR: +failed policies found: 1 policies violated that are failing the check/,
      );
      assert.match(result.stdout, /WARN: +A total of \d+ policies have been violated/);
    });

    it('fails a signed image whose Trivy report has a fixable HIGH with "Fixable severity at least Important"', async () => {
      const result = await gate(
        '--vuln-report',
        file('high.json'),
        '--output',
        'json',
        image('signed'),
      );
      assert.equal(result.code, 13, result.stderr);
      const report = JSON.parse(result.stdout) as {
        results: { violations: { policy: string; enforced: boolean; messages: string[] }[] }[];
      };
      const violations = report.results[0]!.violations;
      const fixable = violations.find((v) => v.policy === 'Fixable severity at least Important');
      assert.ok(fixable, JSON.stringify(violations));
      assert.equal(fixable.enforced, true);
      assert.match(
        fixable.messages[0]!,
        /CVE-2024-0727 \(high\) in openssl .* fixed in 3\.0\.13-1~deb12u1/,
      );
      assert.equal(
        violations.find((v) => v.policy === 'Trusted signature'),
        undefined,
      );
    });

    it('reads the report from a vuln attestation signed by the trusted key when none is given', async () => {
      const result = await gate('--output', 'json', image('attested'));
      assert.equal(result.code, 13, result.stderr);
      const report = JSON.parse(result.stdout) as {
        results: { violations: { policy: string; messages: string[] }[] }[];
      };
      const fixable = report.results[0]!.violations.find(
        (v) => v.policy === 'Fixable severity at least Important',
      );
      assert.match(fixable?.messages[0] ?? '', /^CVE-2024-0727 \(high\) in openssl/);
    });

    it('passes a signed clean image and prints its inform-only violations', async () => {
      const result = await gate('--vuln-report', file('clean.json'), image('signed'));
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /\| SBOM attached +\| MEDIUM +\| +- +\|/);
      assert.match(result.stdout, /\| Provenance from a trusted \| MEDIUM +\| +- +\|/);
      assert.doesNotMatch(result.stdout, /Trusted signature|failing the check/);
    });

    it('passes an image signed with signet notation sign under a Notation "Trusted signature" and fails an unsigned one', async () => {
      const made = await run(['certs', 'generate-test', 'release', '--dir', dir]);
      assert.equal(made.code, 0, made.stderr);
      const identity = made.stdout.trim().split('\n').at(-1)!;
      assert.match(identity, /^x509\.subject: .*CN=release/);
      const policy = {
        apiVersion: 'signet.dev/v1alpha1',
        kind: 'SecurityPolicy',
        metadata: { name: 'notation-trusted-signature' },
        spec: {
          name: 'Trusted signature',
          description: 'The image must carry a Notation signature by the release certificate.',
          remediation: 'Sign the image with signet notation sign --key release.key.',
          severity: 'high',
          lifecycleStages: ['build'],
          enforcement: { build: 'enforce' },
          criteria: {
            signature: {
              authorities: [
                {
                  name: 'release',
                  notation: {
                    signatureVerification: { level: 'strict' },
                    trustStores: ['ca:release'],
                    trustedIdentities: [identity],
                    certificates: {
                      'ca:release': await readFile(file('release.crt'), 'utf8'),
                    },
                  },
                },
              ],
            },
          },
        },
      };
      await writeFile(file('notation-policy.yaml'), JSON.stringify(policy));
      for (const name of ['notary-signed', 'notary-unsigned'])
        await pushImage(client, parseReference(image(name)), buildImage());
      const signed = await run([
        'notation',
        'sign',
        '--key',
        file('release.key'),
        '--cert',
        file('release.crt'),
        image('notary-signed'),
      ]);
      assert.equal(signed.code, 0, signed.stderr);
      const check = (name: string) =>
        run(['check', 'image', '--policy', file('notation-policy.yaml'), image(name)]);

      const passed = await check('notary-signed');
      assert.equal(passed.code, 0, passed.stdout + passed.stderr);
      assert.doesNotMatch(passed.stdout, /Trusted signature|failing the check/);

      const failed = await check('notary-unsigned');
      assert.equal(failed.code, 13, failed.stdout + failed.stderr);
      assert.match(failed.stdout, /\| Trusted signature +\| HIGH +\| +X +\|/);
      assert.match(failed.stdout, /1 policies violated that are failing the check/);
    });

    it('fails an image without a vulnerability report rather than passing it', async () => {
      const result = await gate('--output', 'json', image('signed'));
      assert.equal(result.code, 13);
      assert.match(
        result.stdout,
        /no trusted vulnerability report: no vulnerability attestation signed by authority \\"trusted-key\\" \(none found\)/,
      );
    });

    it('prints the report document of contracts section 2 with --output json', async () => {
      const result = await gate(
        '--vuln-report',
        file('clean.json'),
        '--output',
        'json',
        '--pipeline',
        'build-app',
        '--run',
        '42',
        image('unsigned'),
        image('signed'),
      );
      const report = JSON.parse(result.stdout) as Record<string, unknown> & {
        results: Record<string, unknown>[];
        summary: Record<string, unknown>;
      };
      assert.equal(report.apiVersion, 'signet.dev/v1');
      assert.equal(report.kind, 'CheckReport');
      assert.ok(!Number.isNaN(Date.parse(report.createdAt as string)));
      assert.deepEqual(report.source, { kind: 'ci', pipeline: 'build-app', run: '42' });
      assert.deepEqual(Object.keys(report.results[0]!).sort(), [
        'digest',
        'error',
        'evidence',
        'image',
        'violations',
      ]);
      assert.match(report.results[0]!.digest as string, /^sha256:[0-9a-f]{64}$/);
      const violation = (report.results[0]!.violations as Record<string, unknown>[])[0]!;
      assert.deepEqual(Object.keys(violation).sort(), [
        'categories',
        'description',
        'enforced',
        'messages',
        'policy',
        'rationale',
        'remediation',
        'severity',
      ]);
      assert.deepEqual(report.summary, {
        images: 2,
        policiesEvaluated: 5,
        violatedPolicies: 3,
        failingPolicies: 1,
        passed: false,
      });
    });

    it('writes JUnit with one test case per policy and image, failures for enforced violations', async () => {
      const result = await gate(
        '--vuln-report',
        file('clean.json'),
        '--output',
        'junit',
        image('unsigned'),
        image('signed'),
      );
      assert.equal(result.code, 13);
      assert.match(
        result.stdout,
        /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="signet check" tests="10" failures="1" errors="0"/,
      );
      assert.equal(result.stdout.match(/<testcase /g)?.length, 10);
      assert.equal(result.stdout.match(/<failure /g)?.length, 1);
      assert.match(
        result.stdout,
        /<testcase name="Trusted signature" classname="[^"]*unsigned:1\.0">\n +<failure message="Trusted signature \(high\)/,
      );
    });

    it('writes SARIF 2.1.0 with a rule per violated policy and a result per violation', async () => {
      const result = await gate(
        '--vuln-report',
        file('high.json'),
        '--output',
        'sarif',
        image('unsigned'),
      );
      const sarif = JSON.parse(result.stdout) as {
        version: string;
        runs: {
          tool: { driver: { name: string; rules: { id: string }[] } };
          results: { ruleId: string; level: string; message: { text: string } }[];
        }[];
      };
      assert.equal(sarif.version, '2.1.0');
      const run0 = sarif.runs[0]!;
      assert.equal(run0.tool.driver.name, 'signet');
      assert.ok(run0.tool.driver.rules.some((r) => r.id === 'signet/trusted-signature'));
      const levels = run0.results.map((r) => `${r.ruleId} ${r.level}`);
      assert.ok(levels.includes('signet/trusted-signature error'), levels.join(', '));
      assert.ok(levels.includes('signet/sbom-attached warning'), levels.join(', '));
    });

    it('records the report in a Signet server with --send and --token', async () => {
      const received: { auth?: string; body: string }[] = [];
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push({ auth: req.headers.authorization, body });
          res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"check-7"}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        await writeFile(file('token'), 'ci-token-for-the-check-gate-0123456789\n');
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const result = await gate(
          '--vuln-report',
          file('clean.json'),
          '--send',
          url,
          '--token',
          file('token'),
          '--pipeline',
          'build-app',
          image('unsigned'),
        );
        assert.equal(result.code, 13);
        assert.match(result.stderr, new RegExp(`recorded as check-7 in ${url}`));
        assert.equal(received[0]!.auth, 'Bearer ci-token-for-the-check-gate-0123456789');
        const sent = JSON.parse(received[0]!.body) as {
          kind: string;
          source: { pipeline: string };
          results: { evidence?: unknown }[];
        };
        assert.equal(sent.kind, 'CheckReport');
        assert.equal(sent.source.pipeline, 'build-app');
        assert.deepEqual(sent.results[0]!.evidence, {
          sbom: { present: false },
          vulnerabilities: { critical: 0, high: 0, medium: 0, low: 0, fixable: 0 },
        });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it('ends a check against an unreachable registry with the retry count and exit code 4', async () => {
      const port = await freeLoopbackPort();
      const result = await gate(
        '--vuln-report',
        file('clean.json'),
        '--retries',
        '2',
        '--retry-delay',
        '10ms',
        `127.0.0.1:${port}/team/app:1.0`,
      );
      assert.equal(result.code, 4, result.stdout);
      assert.match(result.stdout, /registry unavailable after 2 retries \(3 attempts\)/);
      assert.equal(result.stderr.match(/^retry \d\/2 for /gm)?.length, 2);
      assert.doesNotMatch(result.stdout, /No policies violated/);
    });

    it('names the file and format of an unreadable vulnerability report', async () => {
      const result = await gate('--vuln-report', file('broken.json'), image('signed'));
      assert.equal(result.code, 2);
      assert.match(result.stderr, /SBOM_REPORT_\w+.*broken\.json/);
    });
  });
}
