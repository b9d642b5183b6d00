// A real Trivy v0.74 scan, offline, of an image built here from the Debian package `hello`
// (fetched with apt-get, its dpkg status written for it), against a vulnerability database
// the test builds itself from YAML (trivy-db-fixture: bolt-fixtures into bbolt, as Trivy's
// own tests build theirs) holding one fixable HIGH advisory for `hello`. Signet reads
// Trivy's JSON, SARIF and cosign-vuln outputs of that scan and finds the advisory with its
// fixed version; an OpenVEX not_affected statement for the package removes it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { applyOpenVex, parseVulnerabilityReport } from '../../src/signing/sbom/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import {
  findScannerPeers,
  runTrivyScan,
  writeTrivyDatabase,
} from '../../src/testing/scanner-peers.js';
import {
  HELLO_CVE as CVE,
  HELLO_FIXED as FIXED,
  HELLO_NOT_AFFECTED_VEX,
  HELLO_TRIVY_DB,
  helloImage,
} from '../../src/testing/trivy-hello.js';

const { trivy, trivyDb } = findScannerPeers();
const skip = trivy.skipReason ?? trivyDb.skipReason;

describe('Signet reads a real Trivy scan', { skip, timeout: 600_000 }, () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let work: string;
  let image: string;
  const outputs: Record<string, Uint8Array> = {};

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'signet-trivy-'));
    registry = await startInMemoryRegistry();
    client = new RegistryClient({ insecureRegistries: [registry.host] });
    const built = await helloImage(work);
    await pushImage(client, parseReference(`${registry.host}/fixtures/hello:1`), built);
    image = `${registry.host}/fixtures/hello@${built.digest}`;
    const cache = await writeTrivyDatabase(trivyDb, HELLO_TRIVY_DB, work);
    for (const format of ['json', 'sarif', 'cosign-vuln']) {
      outputs[format] = await runTrivyScan(trivy, image, cache, format, work);
    }
  });

  after(async () => {
    await client?.close();
    await registry?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  for (const format of ['json', 'sarif', 'cosign-vuln'] as const) {
    it(`finds the fixable HIGH advisory with its fixed version in Trivy's ${format} output`, () => {
      const report = parseVulnerabilityReport(outputs[format]!, `report.${format}`);
      const finding = report.findings.find((candidate) => candidate.id === CVE);
      assert.ok(finding, `no ${CVE} among ${JSON.stringify(report.findings.map((f) => f.id))}`);
      assert.equal(finding.packageName, 'hello');
      assert.equal(finding.installedVersion, '2.10-3');
      assert.deepEqual(finding.fixedVersions, [FIXED]);
      assert.equal(finding.fixState, 'fixed');
      assert.equal(finding.severity, 'high');
    });
  }

  it('keeps the vendor severities and CVSS score of the JSON report and names the image', () => {
    const report = parseVulnerabilityReport(outputs.json!, 'report.json');
    assert.equal(report.format, 'trivy');
    assert.equal(report.artifact, image);
    const finding = report.findings.find((candidate) => candidate.id === CVE)!;
    assert.deepEqual(finding.severityBySource, { debian: 'high', nvd: 'high' });
    assert.equal(finding.cvss[0]?.score, 9.1);
    assert.match(finding.purl ?? '', /^pkg:deb\/debian\/hello@2\.10-3\?/);
  });

  it('removes the finding under an OpenVEX not_affected statement for the package', () => {
    const vex = new TextEncoder().encode(JSON.stringify(HELLO_NOT_AFFECTED_VEX));
    for (const format of ['json', 'sarif', 'cosign-vuln'] as const) {
      const report = applyOpenVex(
        parseVulnerabilityReport(outputs[format]!, format),
        vex,
        'hello.vex.json',
      );
      assert.equal(
        report.findings.some((finding) => finding.id === CVE),
        false,
        format,
      );
      assert.equal(report.suppressed[0]?.finding.id, CVE);
    }
  });
});
