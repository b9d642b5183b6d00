/**
 * Scanner reports read into one model, and OpenVEX applied to it, for the CI gate and
 * policy conditions. Pure: SBOM generation from image layers (which reads streams and
 * databases) has its own surface in ./generate.
 */
export {
  SEVERITIES,
  severityRank,
  type CvssScore,
  type FixState,
  type Severity,
  type VulnerabilityFinding,
  type VulnerabilityReport,
} from './vulnerability.js';
export { parseVulnerabilityReport, COSIGN_VULN_PREDICATE_TYPE } from './vulnerability-report.js';
export { applyOpenVex } from './openvex.js';
export { SBOM_ERRORS } from './errors.js';
