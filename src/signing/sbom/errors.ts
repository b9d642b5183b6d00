/**
 * Error codes of SBOM generation and of the scanner reports Signet reads (Trivy JSON,
 * Grype JSON, SARIF 2.1, cosign's `vuln` predicate, OpenVEX). Messages name the file or
 * image the bytes came from and the format they were read as.
 */
import { errorFactory } from '../../core/errors.js';

export const SBOM_ERRORS = {
  SBOM_REPORT_UNRECOGNISED: {
    category: 'usage',
    summary:
      'A vulnerability report is not JSON, or is JSON in none of the formats Signet reads (Trivy JSON, Grype JSON, SARIF 2.1, cosign vuln predicate).',
  },
  SBOM_REPORT_INVALID: {
    category: 'usage',
    summary:
      'A vulnerability report was recognised but a field has the wrong type or a required field is missing, or it exceeds the size, depth or value limits.',
  },
  SBOM_REPORT_VEX_INVALID: {
    category: 'usage',
    summary:
      'An OpenVEX document is not JSON, lacks its @context or statements, or a statement has no vulnerability or an unknown status.',
  },
} as const;

export const sbomError = errorFactory(SBOM_ERRORS);
