/**
 * The CI gate's report: one result per image, with the policies it violates, in the JSON
 * document `signet check image --output json` prints and `--send` records in a Signet
 * server (`signet.dev/v1` CheckReport; docs/check.md describes every field). Renderers for
 * people and CI systems (table, JUnit, SARIF, Markdown) read this model, never the engine.
 */
import type { PolicyResult, PolicySeverity } from '../policy/security/index.js';
import type { ImageEvidence } from '../records/index.js';

export const CHECK_REPORT_API_VERSION = 'signet.dev/v1';
export const CHECK_REPORT_KIND = 'CheckReport';

export interface CheckViolation {
  /** The policy's display name, "Trusted signature". */
  readonly policy: string;
  readonly severity: PolicySeverity;
  /** True when the policy enforces at this stage: the violation breaks the build. */
  readonly enforced: boolean;
  readonly description: string;
  readonly rationale: string;
  readonly remediation: string;
  readonly categories: readonly string[];
  readonly messages: readonly string[];
}

export interface CheckResult {
  readonly image: string;
  readonly digest: string | null;
  readonly violations: readonly CheckViolation[];
  /** Why evaluation failed (the image then fails the check), or null. */
  readonly error: string | null;
  /** What the check saw, for the server's image page; absent when evaluation failed. */
  readonly evidence?: ImageEvidence;
  /** Names of the policies evaluated for this image; not part of the JSON document. */
  readonly evaluated: readonly string[];
}

export interface CheckSource {
  readonly kind: 'ci';
  readonly pipeline: string | null;
  readonly run: string | null;
}

export interface CheckSummary {
  readonly images: number;
  /** Distinct policies evaluated for at least one image. */
  readonly policiesEvaluated: number;
  /** Distinct policies violated by at least one image. */
  readonly violatedPolicies: number;
  /** Distinct enforced policies violated by at least one image. */
  readonly failingPolicies: number;
  /** False when an enforced policy is violated or an image could not be evaluated. */
  readonly passed: boolean;
}

export interface CheckReport {
  readonly apiVersion: typeof CHECK_REPORT_API_VERSION;
  readonly kind: typeof CHECK_REPORT_KIND;
  readonly createdAt: string;
  readonly source: CheckSource;
  readonly results: readonly CheckResult[];
  readonly summary: CheckSummary;
}

/** The violations of the policies in `outcomes` that were violated, in policy order. */
export function violationsOf(outcomes: readonly PolicyResult[]): CheckViolation[] {
  return outcomes
    .filter((o) => o.violations.length > 0)
    .map(({ policy, enforcement, violations }) => ({
      policy: policy.name,
      severity: policy.severity,
      enforced: enforcement === 'enforce',
      description: policy.description,
      rationale: policy.rationale,
      remediation: policy.remediation,
      categories: policy.categories,
      messages: violations,
    }));
}

export function buildReport(
  results: readonly CheckResult[],
  source: CheckSource,
  now: Date,
): CheckReport {
  const evaluated = new Set(results.flatMap((r) => r.evaluated));
  const violated = new Set(results.flatMap((r) => r.violations.map((v) => v.policy)));
  const failing = new Set(
    results.flatMap((r) => r.violations.filter((v) => v.enforced).map((v) => v.policy)),
  );
  return {
    apiVersion: CHECK_REPORT_API_VERSION,
    kind: CHECK_REPORT_KIND,
    createdAt: now.toISOString(),
    source,
    results,
    summary: {
      images: results.length,
      policiesEvaluated: evaluated.size,
      violatedPolicies: violated.size,
      failingPolicies: failing.size,
      passed: failing.size === 0 && results.every((r) => r.error === null),
    },
  };
}

/** The document as contracts and docs/check.md define it (without the evaluated names). */
export function reportJson(report: CheckReport): unknown {
  return {
    ...report,
    results: report.results.map(({ evaluated: _evaluated, ...rest }) => rest),
  };
}

/**
 * `--pipeline`/`--run` flags first, then the CI system's environment as the report contract
 * pairs them: GitHub GITHUB_WORKFLOW/GITHUB_RUN_ID, GitLab CI_PIPELINE_ID/CI_JOB_ID, Jenkins
 * JOB_NAME/BUILD_NUMBER, Azure BUILD_DEFINITIONNAME/BUILD_BUILDID, CircleCI
 * CIRCLE_PROJECT_REPONAME/CIRCLE_BUILD_NUM.
 */
export function ciSource(
  flags: { readonly pipeline?: string; readonly run?: string },
  env: NodeJS.ProcessEnv,
): CheckSource {
  const first = (...names: string[]) =>
    names.map((n) => env[n]).find((v) => v !== undefined && v !== '') ?? null;
  return {
    kind: 'ci',
    pipeline:
      flags.pipeline ??
      first(
        'GITHUB_WORKFLOW',
        'CI_PIPELINE_ID',
        'JOB_NAME',
        'BUILD_DEFINITIONNAME',
        'CIRCLE_PROJECT_REPONAME',
      ),
    run:
      flags.run ??
      first('GITHUB_RUN_ID', 'CI_JOB_ID', 'BUILD_NUMBER', 'BUILD_BUILDID', 'CIRCLE_BUILD_NUM'),
  };
}
