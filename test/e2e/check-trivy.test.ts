// `signet check image` with a report from a real Trivy v0.74 scan, offline: an image built
// here from the Debian package `hello`, signed with a key made for the run, scanned
// against a vulnerability database the test builds (trivy-db-fixture) holding one fixable
// HIGH advisory for `hello`. The gate fails it with "Fixable severity at least Important";
// an OpenVEX not_affected statement given with --vex lets it pass.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { generateKeyPair } from '../../src/core/keys/index.js';
import { pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import { pushCosignAttachment, signatureAttachment } from '../../src/testing/cosign-attachment.js';
import { cosignSignatureLayer } from '../../src/testing/cosign-evidence.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import {
  findScannerPeers,
  runTrivyScan,
  writeTrivyDatabase,
} from '../../src/testing/scanner-peers.js';
import {
  HELLO_CVE as CVE,
  HELLO_NOT_AFFECTED_VEX,
  HELLO_TRIVY_DB,
  helloImage,
} from '../../src/testing/trivy-hello.js';

const { trivy, trivyDb } = findScannerPeers();
const skip = trivy.skipReason ?? trivyDb.skipReason;
const DEFAULTS = join(import.meta.dirname, '../../deploy/security-policies');

describe('signet check image with a real Trivy scan', { skip, timeout: 600_000 }, () => {
  let registry: RunningRegistry;
  let work: string;
  let image: string;
  const file = (name: string) => join(work, name);
  const gate = async (...args: string[]) => {
    const console = captureConsole();
    const code = await main(
      [
        'check',
        'image',
        '--policy',
        DEFAULTS,
        '--key-secret',
        `signet-trusted-key=${file('cosign.pub')}`,
        '--output',
        'json',
        ...args,
        image,
      ],
      { console, env: {} },
    );
    return { code, ...console };
  };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'signet-check-trivy-'));
    registry = await startInMemoryRegistry();
    const client = new RegistryClient({ insecureRegistries: [registry.host] });
    const built = await helloImage(work);
    const repo = `${registry.host}/team/hello`;
    await pushImage(client, parseReference(`${repo}:1.0`), built);
    image = `${repo}:1.0`;
    const key = await generateKeyPair('ecdsa-p256');
    await writeFile(file('cosign.pub'), key.publicKey.pem);
    const layer = cosignSignatureLayer(key, built.digest, { repository: repo });
    await pushCosignAttachment(client, repo, built.digest, 'sig', [signatureAttachment(layer)]);
    await client.close();
    const cache = await writeTrivyDatabase(trivyDb, HELLO_TRIVY_DB, work);
    const scanned = await runTrivyScan(trivy, `${repo}@${built.digest}`, cache, 'json', work);
    await writeFile(file('trivy.json'), scanned);
    await writeFile(file('hello.vex.json'), JSON.stringify(HELLO_NOT_AFFECTED_VEX));
  });

  after(async () => {
    await registry?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('fails the signed image with "Fixable severity at least Important" for the fixable HIGH', async () => {
    const result = await gate('--vuln-report', file('trivy.json'));
    assert.equal(result.code, 13, result.stderr);
    const report = JSON.parse(result.stdout) as {
      results: { violations: { policy: string; enforced: boolean; messages: string[] }[] }[];
    };
    const violations = report.results[0]!.violations;
    assert.equal(
      violations.find((v) => v.policy === 'Trusted signature'),
      undefined,
    );
    const fixable = violations.find((v) => v.policy === 'Fixable severity at least Important');
    assert.ok(fixable?.enforced, JSON.stringify(violations));
    assert.deepEqual(fixable.messages, [`${CVE} (high) in hello 2.10-3, fixed in 2.10-4`]);
  });

  it('passes once an OpenVEX statement says the image is not affected', async () => {
    const result = await gate('--vuln-report', file('trivy.json'), '--vex', file('hello.vex.json'));
    assert.equal(result.code, 0, result.stdout);
    assert.doesNotMatch(result.stdout, /Fixable severity at least Important/);
  });

  it('refuses --vex without a report', async () => {
    const result = await gate('--vex', file('hello.vex.json'));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--vex applies to --vuln-report/);
  });
});
