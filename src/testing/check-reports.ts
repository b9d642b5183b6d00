/** A check report of two images for the renderer tests: one failing an enforced policy, one clean, one not evaluated. */
import { buildReport, type CheckReport, type CheckViolation } from '../check/index.js';

export const SIGNATURE_VIOLATION: CheckViolation = {
  policy: 'Trusted signature',
  severity: 'high',
  enforced: true,
  description: 'The image must carry a signature made by a trusted key.',
  rationale: 'Unsigned images may come from anyone.',
  remediation: 'Sign the image in CI with the trusted key.',
  categories: ['Supply Chain Security'],
  messages: ['no trusted signature: no signature matches authority "ci" (no signatures found)'],
};

export const SBOM_VIOLATION: CheckViolation = {
  policy: 'SBOM attached',
  severity: 'medium',
  enforced: false,
  description: 'The image has no SBOM <attached> & "named".',
  rationale: '',
  remediation: 'Attach an SBOM | any format.',
  categories: ['Supply Chain Security'],
  messages: ['no SBOM is attached to the image'],
};

export const DIGEST = `sha256:${'ab'.repeat(32)}`;

export function sampleReport(): CheckReport {
  return buildReport(
    [
      {
        image: 'registry.example/app:1.0',
        digest: DIGEST,
        violations: [SBOM_VIOLATION, SIGNATURE_VIOLATION],
        error: null,
        evaluated: ['Trusted signature', 'SBOM attached', 'Latest tag'],
      },
      {
        image: 'registry.example/clean:1.0',
        digest: DIGEST,
        violations: [],
        error: null,
        evaluated: ['Trusted signature', 'SBOM attached', 'Latest tag'],
      },
      {
        image: 'registry.example/down:1.0',
        digest: null,
        violations: [],
        error: 'registry unavailable after 3 retries (4 attempts): connection refused',
        evaluated: [],
      },
    ],
    { kind: 'ci', pipeline: 'build', run: '7' },
    new Date('2026-12-06T10:00:00Z'),
  );
}
