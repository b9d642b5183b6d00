// SecurityPolicy vulnerability criteria: severities and fix states, reports from signed
// vuln attestations, named IDs, CVSS scores, publication grace and long lists.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { COSIGN_VULN_PREDICATE_TYPE } from '../../signing/sbom/index.js';
import { inTotoEnvelope } from '../../testing/cosign-evidence.js';
import {
  DIGEST,
  finding,
  policy,
  registry,
  report,
  verifiedBy,
  violations,
} from '../../testing/security-policy-evaluation.js';
import { COSIGN_VULN_PREDICATE } from '../../testing/vulnerability-reports.js';
import type { AttestationEnvelope } from '../evaluate/index.js';

describe('evaluating SecurityPolicy vulnerability criteria', () => {
  let key: PrivateKey;
  let stranger: PrivateKey;
  before(async () => {
    key = await generateKeyPair('ecdsa-p256');
    stranger = await generateKeyPair('ecdsa-p256');
  });

  it('finds fixable findings at or above a severity, and fails without a report', async () => {
    const criteria = `    vulnerabilities: {severityAtLeast: high, fixable: true}\n`;
    const found = await violations(policy(criteria), {
      vulnerabilities: report([
        finding({}),
        finding({ id: 'CVE-2', fixState: 'not-fixed', fixedVersions: [] }),
        finding({ id: 'CVE-3', severity: 'medium' }),
        finding({ id: 'CVE-4', severity: 'critical', fixedVersions: [] }),
      ]),
    });
    assert.deepEqual(found, [
      ['CVE-2026-1 (high) in openssl 1.0, fixed in 1.1', 'CVE-4 (critical) in openssl 1.0'],
    ]);
    const missing = await violations(policy(criteria), {});
    assert.match(missing[0]![0]!, /^no vulnerability report was found/);
  });

  it('reads the vulnerability report from a vuln attestation the criterion authorities signed', async () => {
    const criteria = `    vulnerabilities:\n      severityAtLeast: high\n      fixable: true\n      authorities:\n      - name: scanner\n        key: {secretRef: {name: scanner}}\n`;
    const envelope = (signer: PrivateKey, digest = DIGEST) => ({
      envelope: inTotoEnvelope(signer, digest, COSIGN_VULN_PREDICATE_TYPE, COSIGN_VULN_PREDICATE),
      annotations: {},
    });
    const withEnvelopes = (...e: AttestationEnvelope[]) => ({
      registry: registry([], e, key.publicKey.pem),
    });
    const signedByScanner = await violations(policy(criteria), withEnvelopes(envelope(key)));
    assert.match(signedByScanner[0]![0]!, /^CVE-2024-0727 \(high\) in openssl/);
    // The report it judged on is listed as a verified attestation, with the scanner's key.
    const judged = await verifiedBy(policy(criteria), withEnvelopes(envelope(key)));
    assert.deepEqual(judged?.attestations, [
      {
        predicateType: COSIGN_VULN_PREDICATE_TYPE,
        signer: `key sha256:${key.publicKey.keyId} (secret scanner)`,
      },
    ]);
    const forged = await violations(policy(criteria), withEnvelopes(envelope(stranger)));
    assert.deepEqual(forged, [
      [
        'no trusted vulnerability report: no vulnerability attestation signed by authority "scanner" (1 found, none verifies with its key for this image)',
      ],
    ]);
    const otherImage = await violations(
      policy(criteria),
      withEnvelopes(envelope(key, `sha256:${'cd'.repeat(32)}`)),
    );
    assert.match(otherImage[0]![0]!, /none verifies with its key for this image/);
    // A report given on the command line takes precedence over attestations.
    const given = await violations(policy(criteria), {
      ...withEnvelopes(envelope(key)),
      vulnerabilities: report([]),
    });
    assert.deepEqual(given, [[]]);
  });

  it('matches named IDs through aliases, CVSS scores and a publication grace period', async () => {
    const ids = await violations(policy(`    vulnerabilities: {ids: [GHSA-1]}\n`), {
      vulnerabilities: report([finding({ aliases: ['GHSA-1'] }), finding({ id: 'CVE-9' })]),
    });
    assert.equal(ids[0]!.length, 1);
    const cvss = await violations(policy(`    vulnerabilities: {cvssAtLeast: 9}\n`), {
      vulnerabilities: report([
        finding({ cvss: [{ source: 'nvd', version: '3.1', score: 9.8 }] }),
        finding({ id: 'CVE-5', cvss: [{ source: 'nvd', version: '3.1', score: 5 }] }),
      ]),
    });
    assert.equal(cvss[0]!.length, 1);
    const grace = await violations(
      policy(`    vulnerabilities: {severityAtLeast: low, publishedMoreThanDays: 30}\n`),
      {
        vulnerabilities: report([
          finding({ id: 'NEW', publishedAt: '2026-12-01T00:00:00Z' }),
          finding({ id: 'OLD', publishedAt: '2026-01-01T00:00:00Z' }),
          finding({ id: 'UNDATED' }),
        ]),
      },
    );
    assert.deepEqual(
      grace[0]!.map((v) => v.split(' ')[0]),
      ['OLD', 'UNDATED'],
    );
  });

  it('lists twenty findings and counts the rest', async () => {
    const many = Array.from({ length: 25 }, (_, i) => finding({ id: `CVE-${i}` }));
    const found = await violations(policy(`    vulnerabilities: {severityAtLeast: high}\n`), {
      vulnerabilities: report(many),
    });
    assert.equal(found[0]!.length, 21);
    assert.equal(found[0]![20], 'and 5 more findings');
  });
});
