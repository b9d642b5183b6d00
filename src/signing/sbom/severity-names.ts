/**
 * Scanners name severities differently: Trivy `HIGH` and numbers 0-4 in `VendorSeverity`,
 * Grype `High` and `Negligible`, Red Hat `Important` and `Moderate`, SARIF a CVSS number in
 * the rule's `security-severity` property or a `level`. These map them onto Signet's five.
 * Pure.
 */
import type { Severity } from './vulnerability.js';

const NAMED: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  // Grype's and Debian's lowest rank: recorded, but below `low` nowhere in Signet's scale.
  negligible: 'low',
  minor: 'low',
  unimportant: 'low',
  unknown: 'unknown',
};

/** A severity word in any case, or undefined when the word is not one. */
export function severityFromName(name: unknown): Severity | undefined {
  if (typeof name !== 'string') return undefined;
  return NAMED[name.trim().toLowerCase()];
}

/** Trivy's VendorSeverity numbers (pkg/types: 0 UNKNOWN … 4 CRITICAL). */
export function severityFromTrivyNumber(value: unknown): Severity | undefined {
  const byNumber: readonly Severity[] = ['unknown', 'low', 'medium', 'high', 'critical'];
  return typeof value === 'number' ? byNumber[value] : undefined;
}

/**
 * A CVSS v3/v4 base score to its qualitative rating (CVSS v3.1 specification section 5:
 * 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical), as GitHub reads SARIF's
 * `security-severity`.
 */
export function severityFromCvssScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unknown';
}

/** SARIF 2.1 `level` (section 3.27.10) when nothing better is given. */
export function severityFromSarifLevel(level: unknown): Severity | undefined {
  switch (level) {
    case 'error':
      return 'high';
    case 'warning':
      return 'medium';
    case 'note':
      return 'low';
    case 'none':
      return 'unknown';
    default:
      return undefined;
  }
}
