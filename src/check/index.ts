/**
 * The CI gate: checks images (and the images of workloads) against SecurityPolicies with
 * the shared pipeline, and reports in the formats people and CI systems read.
 */
export { CHECK_ERRORS, checkError } from './errors.js';
export {
  buildReport,
  ciSource,
  reportJson,
  violationsOf,
  CHECK_REPORT_API_VERSION,
  CHECK_REPORT_KIND,
  type CheckReport,
  type CheckResult,
  type CheckSource,
  type CheckSummary,
  type CheckViolation,
} from './report.js';
export { checkImage, type CheckPlan, type WorkloadContext } from './check-image.js';
export {
  loadSecurityPolicies,
  DEFAULT_POLICY_DIR,
  type LoadedSecurityPolicies,
} from './load-policies.js';
export { renderCheckTable } from './render-table.js';
export { renderCheckJunit } from './render-junit.js';
export { renderCheckSarif, SARIF_SCHEMA } from './render-sarif.js';
export { renderCheckMarkdown } from './render-markdown.js';
export { sendReport } from './send-report.js';
