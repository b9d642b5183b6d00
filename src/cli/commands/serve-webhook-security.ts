/**
 * `signet serve webhook --security-policy FILE|DIR`: the deploy-stage SecurityPolicies the
 * webhook evaluates after the ClusterImagePolicies (docs/check.md). Read once at start;
 * every problem is printed and stops the start (exit 3), as for `signet check`.
 */
import { loadSecurityPolicies } from '../../check/index.js';
import {
  compileSecurityPolicies,
  type CompiledSecurityPolicySet,
} from '../../policy/security/index.js';
import type { CliContext } from '../context.js';
import { refuseInvalidPolicies } from '../policy/policy-problems.js';

export async function loadWebhookSecurityPolicies(
  paths: readonly string[] | undefined,
  context: CliContext,
): Promise<CompiledSecurityPolicySet | undefined> {
  if (paths === undefined || paths.length === 0) return undefined;
  const loaded = await loadSecurityPolicies(paths);
  refuseInvalidPolicies(context, loaded.problems, 'SecurityPolicy files', 'start again');
  return compileSecurityPolicies(loaded.documents);
}
