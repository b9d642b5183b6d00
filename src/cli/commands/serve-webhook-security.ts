/**
 * `signet serve webhook --security-policy FILE|DIR`: the deploy-stage SecurityPolicies the
 * webhook evaluates after the ClusterImagePolicies (docs/check.md). Read once at start;
 * every problem is printed and stops the start (exit 3), as for `signet check`.
 */
import { loadSecurityPolicies } from '../../check/index.js';
import { hasErrors } from '../../policy/index.js';
import { policyError } from '../../policy/errors.js';
import {
  compileSecurityPolicies,
  type CompiledSecurityPolicySet,
} from '../../policy/security/index.js';
import type { CliContext } from '../context.js';
import { renderProblems } from '../policy/render-verdict.js';

export async function loadWebhookSecurityPolicies(
  paths: readonly string[] | undefined,
  context: CliContext,
): Promise<CompiledSecurityPolicySet | undefined> {
  if (paths === undefined || paths.length === 0) return undefined;
  const loaded = await loadSecurityPolicies(paths);
  if (loaded.problems.length > 0) context.console.err(renderProblems(loaded.problems));
  if (hasErrors(loaded.problems)) {
    const count = loaded.problems.filter((p) => p.severity === 'error').length;
    throw policyError(
      'POLICY_INVALID',
      `${count} problem(s) in the SecurityPolicy files; fix them and start again`,
      { details: { problems: loaded.problems } },
    );
  }
  return compileSecurityPolicies(loaded.documents);
}
