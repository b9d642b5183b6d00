import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import {
  bytesOf,
  FINDING,
  TRIVY_REPORT,
  TRIVY_SARIF,
} from '../../testing/vulnerability-reports.js';
import { applyOpenVex } from './openvex.js';
import { parseVulnerabilityReport } from './vulnerability-report.js';

const trivy = () => parseVulnerabilityReport(bytesOf(TRIVY_REPORT), 'trivy.json');

function vex(statements: unknown[], extra: Record<string, unknown> = {}): Uint8Array {
  return bytesOf({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://example.com/vex/1',
    author: 'Security Team',
    timestamp: '2026-12-01T00:00:00Z',
    version: 1,
    statements,
    ...extra,
  });
}

const notAffected = {
  vulnerability: { name: FINDING.id },
  products: [
    {
      '@id': 'pkg:oci/app@sha256%3A' + '3'.repeat(64),
      subcomponents: [{ '@id': 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64' }],
    },
  ],
  status: 'not_affected',
  justification: 'vulnerable_code_not_in_execute_path',
  impact_statement: 'the CMS parser is never called',
};

describe('applyOpenVex', () => {
  it('removes a finding a not_affected statement names by vulnerability and package, keeping why', () => {
    const report = applyOpenVex(trivy(), vex([notAffected]), 'app.vex.json');
    assert.deepEqual(
      report.findings.map((finding) => finding.id),
      ['CVE-2023-5678'],
    );
    assert.equal(report.suppressed.length, 1);
    assert.equal(report.suppressed[0]?.finding.id, FINDING.id);
    assert.equal(
      report.suppressed[0]?.justification,
      'not_affected: vulnerable_code_not_in_execute_path: the CMS parser is never called',
    );
  });

  it('keeps the finding when the statement names another package', () => {
    const other = {
      ...notAffected,
      products: [{ '@id': 'pkg:deb/debian/openssl-provider-legacy@3.0.11-1~deb12u2' }],
    };
    assert.equal(applyOpenVex(trivy(), vex([other]), 'v.json').findings.length, 2);
  });

  it('keeps the finding when the statement names another version of the package', () => {
    const other = { ...notAffected, products: [{ '@id': 'pkg:deb/debian/openssl@3.0.9-1' }] };
    assert.equal(applyOpenVex(trivy(), vex([other]), 'v.json').findings.length, 2);
  });

  it('applies a statement naming only the image to that vulnerability in every package', () => {
    const imageOnly = { ...notAffected, products: [{ '@id': 'pkg:oci/app' }] };
    assert.equal(applyOpenVex(trivy(), vex([imageOnly]), 'v.json').findings.length, 1);
  });

  it('matches the vulnerability by an alias of the finding and by the statement aliases', () => {
    const byAlias = { ...notAffected, vulnerability: { name: 'DSA-5585-1' } };
    assert.equal(applyOpenVex(trivy(), vex([byAlias]), 'v.json').findings.length, 1);
    const statementAlias = {
      ...notAffected,
      vulnerability: { name: 'GHSA-0000', aliases: [FINDING.id] },
    };
    assert.equal(applyOpenVex(trivy(), vex([statementAlias]), 'v.json').findings.length, 1);
  });

  it('reads OpenVEX v0.0.1 with a plain-string vulnerability and products', () => {
    const old = {
      vulnerability: FINDING.id,
      products: ['pkg:deb/debian/openssl'],
      status: 'not_affected',
      justification: 'component_not_present',
    };
    const report = applyOpenVex(
      trivy(),
      vex([old], { '@context': 'https://openvex.dev/ns' }),
      'v.json',
    );
    assert.equal(report.findings.length, 1);
  });

  it('lets the latest statement decide: affected after not_affected keeps the finding', () => {
    const later = { ...notAffected, status: 'affected', timestamp: '2026-12-05T00:00:00Z' };
    delete (later as { justification?: string }).justification;
    const earlier = { ...notAffected, timestamp: '2026-12-02T00:00:00Z' };
    assert.equal(applyOpenVex(trivy(), vex([later, earlier]), 'v.json').findings.length, 2);
    assert.equal(applyOpenVex(trivy(), vex([earlier]), 'v.json').findings.length, 1);
  });

  it('suppresses on fixed and keeps on under_investigation', () => {
    assert.equal(
      applyOpenVex(trivy(), vex([{ ...notAffected, status: 'fixed' }]), 'v.json').findings.length,
      1,
    );
    const investigating = { ...notAffected, status: 'under_investigation' };
    assert.equal(applyOpenVex(trivy(), vex([investigating]), 'v.json').findings.length, 2);
  });

  it('matches a SARIF finding without purl by package name and version', () => {
    const sarif = parseVulnerabilityReport(bytesOf(TRIVY_SARIF), 'trivy.sarif');
    assert.equal(applyOpenVex(sarif, vex([notAffected]), 'v.json').findings.length, 0);
  });

  it('accumulates suppressions over several documents', () => {
    const first = applyOpenVex(trivy(), vex([notAffected]), 'a.json');
    const second = applyOpenVex(
      first,
      vex([
        {
          vulnerability: { name: 'CVE-2023-5678' },
          products: [{ '@id': 'pkg:oci/app' }],
          status: 'not_affected',
          justification: 'inline_mitigations_already_exist',
        },
      ]),
      'b.json',
    );
    assert.equal(second.findings.length, 0);
    assert.equal(second.suppressed.length, 2);
  });

  for (const [name, document, pattern] of [
    ['not JSON', 'nope', /invalid JSON/],
    ['a document without an OpenVEX @context', { statements: [] }, /@context/],
    [
      'statements that are not an array',
      { '@context': 'https://openvex.dev/ns/v0.2.0', statements: {} },
      /statements is not an array/,
    ],
    [
      'a statement without a vulnerability',
      { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ status: 'fixed' }] },
      /statements\[0\]\.vulnerability/,
    ],
    [
      'an unknown status',
      {
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [{ vulnerability: 'CVE-1', status: 'ignored' }],
      },
      /statements\[0\]\.status/,
    ],
  ] as const) {
    it(`rejects ${name}, naming the file`, () => {
      assert.throws(
        () => applyOpenVex(trivy(), bytesOf(document), 'bad.vex.json'),
        (error: unknown) =>
          isSignetError(error) &&
          error.code === 'SBOM_REPORT_VEX_INVALID' &&
          /bad\.vex\.json/.test(error.message) &&
          pattern.test(error.message),
      );
    });
  }
});
