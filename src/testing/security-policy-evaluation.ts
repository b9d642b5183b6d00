/**
 * Test-only: SecurityPolicy texts, evidence and subjects for the evaluation tests of
 * src/policy/security, without a registry: signatures and attestations are handed in.
 */
import assert from 'node:assert/strict';
import { parseReference } from '../oci/reference/index.js';
import type { SignatureLayer } from '../signing/cosign/signature-layer.js';
import type { VulnerabilityFinding, VulnerabilityReport } from '../signing/sbom/vulnerability.js';
import type { AttestationEnvelope, PolicyEvidence } from '../policy/evaluate/index.js';
import {
  compileSecurityPolicies,
  evaluateSecurityPolicies,
  parseSecurityPolicyYaml,
  type SecurityEvidence,
  type SecuritySubject,
} from '../policy/security/index.js';

export const DIGEST = `sha256:${'ab'.repeat(32)}`;
export const NOW = new Date('2026-12-06T10:00:00Z');
export const SLSA = 'https://slsa.dev/provenance/v1';

export function policy(criteria: string, extra = ''): string {
  return `apiVersion: signet.dev/v1alpha1\nkind: SecurityPolicy\nmetadata:\n  name: p\nspec:\n  name: P\n  description: d\n  remediation: r\n  severity: high\n  lifecycleStages: [build, deploy]\n  enforcement: {build: enforce, deploy: inform}\n${extra}  criteria:\n${criteria}`;
}

export function setOf(text: string) {
  const parsed = parseSecurityPolicyYaml(text, 'p.yaml');
  assert.deepEqual(parsed.problems, []);
  return compileSecurityPolicies(parsed.documents);
}

export function registry(
  layers: SignatureLayer[] = [],
  attestations: AttestationEnvelope[] = [],
  pem = '',
): PolicyEvidence {
  return {
    fetchSignatures: () => Promise.resolve({ format: 'legacy', layers }),
    fetchAttestations: () => Promise.resolve(attestations),
    readSecret: () => Promise.resolve(pem),
  };
}

export function subject(
  image = 'registry.example/team/app:1.0',
  more: Partial<SecuritySubject> = {},
): SecuritySubject {
  return { image, ref: parseReference(image), digest: DIGEST, stage: 'build', ...more };
}

export function finding(more: Partial<VulnerabilityFinding>): VulnerabilityFinding {
  return {
    id: 'CVE-2026-1',
    aliases: [],
    packageName: 'openssl',
    installedVersion: '1.0',
    fixedVersions: ['1.1'],
    fixState: 'fixed',
    severity: 'high',
    severityBySource: {},
    cvss: [],
    ...more,
  };
}

export function report(findings: VulnerabilityFinding[]): VulnerabilityReport {
  return { format: 'trivy', scanner: 'Trivy', findings, suppressed: [] };
}

/** What the one policy of `text` verified, with its signers. */
export async function verifiedBy(text: string, evidence: Partial<SecurityEvidence>) {
  const e = { registry: registry(), ...evidence };
  return (await evaluateSecurityPolicies(setOf(text), subject(), e, { now: NOW }))[0]!.verified;
}

export async function violations(
  text: string,
  evidence: Partial<SecurityEvidence>,
  who = subject(),
) {
  const results = await evaluateSecurityPolicies(
    setOf(text),
    who,
    { registry: registry(), ...evidence },
    { now: NOW },
  );
  return results.map((r) => r.violations);
}
