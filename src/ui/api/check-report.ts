/**
 * A CI check report (docs/api.md; the JSON `signet check --output json` prints) as one
 * decision: each result is an image, allowed when no enforced violation or evaluation
 * error broke the build; each stated violation keeps its policy, severity, rationale and
 * remediation. A result whose evaluation failed becomes a violation of its own, so that a
 * build broken by an unreachable registry is visible on the Violations page too.
 */
import type {
  DecisionInput,
  ImageEvidence,
  Severity,
  ViolationInput,
} from '../../records/index.js';
import { validBody } from './request-checks.js';

export interface CheckReport {
  readonly createdAt: string;
  readonly source: {
    readonly kind: 'ci';
    readonly pipeline?: string | null;
    readonly run?: string | null;
  };
  readonly results: readonly CheckResult[];
  readonly summary: { readonly passed: boolean };
}

interface CheckResult {
  readonly image: string;
  readonly digest?: string | null;
  readonly error?: string | null;
  /** Optional and additive: older senders do not state it. */
  readonly evidence?: ImageEvidence;
  readonly violations: readonly {
    readonly policy: string;
    readonly severity: Severity;
    readonly enforced: boolean;
    readonly description?: string | null;
    readonly rationale?: string | null;
    readonly remediation?: string | null;
    readonly categories?: readonly string[];
    readonly messages?: readonly string[];
  }[];
}

/** The policy name under which evaluation failures are listed. */
export const EVALUATION_ERROR_POLICY = '(evaluation failed)';

const given = <K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

function violationsOf(result: CheckResult): ViolationInput[] {
  const stated = result.violations.map((v) => ({
    image: result.image,
    ...given('digest', result.digest),
    policy: v.policy,
    severity: v.severity,
    action: v.enforced ? ('failed-build' as const) : ('warned' as const),
    enforced: v.enforced,
    messages: v.messages ?? [],
    ...given('description', v.description),
    ...given('rationale', v.rationale),
    ...given('remediation', v.remediation),
    categories: v.categories ?? [],
  }));
  if (result.error === null || result.error === undefined) return stated;
  return [
    ...stated,
    {
      image: result.image,
      ...given('digest', result.digest),
      policy: EVALUATION_ERROR_POLICY,
      severity: 'high',
      action: 'failed-build',
      enforced: true,
      messages: [result.error],
      remediation:
        'Fix what the message names (registry access, policy files) and run the check again.',
      categories: [],
    },
  ];
}

export function checkReportDecision(body: unknown): DecisionInput {
  const report = validBody<CheckReport>(body, 'CheckReport');
  const images = report.results.map((result) => {
    const violations = violationsOf(result);
    return {
      image: result.image,
      ...given('digest', result.digest),
      allowed: !violations.some((v) => v.enforced),
      reasons: violations.flatMap((v) => v.messages.map((m) => `${v.policy}: ${m}`)),
      ...(result.evidence === undefined ? {} : { evidence: result.evidence }),
      violations,
    };
  });
  const violations = images.flatMap((i) => i.violations);
  return {
    time: new Date(report.createdAt),
    source: 'check',
    outcome:
      !report.summary.passed || images.some((i) => !i.allowed)
        ? 'denied'
        : violations.length > 0
          ? 'warned'
          : 'allowed',
    ...given('pipeline', report.source.pipeline),
    ...given('run', report.source.run),
    warnings: [],
    images: images.map(({ violations: _, ...image }) => image),
    violations,
  };
}
