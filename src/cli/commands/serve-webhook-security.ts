/**
 * `signet serve webhook --security-policy FILE|DIR`: the deploy-stage SecurityPolicies the
 * webhook evaluates after the ClusterImagePolicies (docs/check.md). Read at start, where
 * every problem is printed and stops the start (exit 3), as for `signet check`; then
 * reloaded when the files change, a reload with errors keeping the previous policies.
 */
import type { Logger } from 'pino';
import { FilePolicySource, type PolicySnapshot } from '../../admission/policies/index.js';
import { loadSecurityPolicies, type LoadedSecurityPolicies } from '../../check/index.js';
import { hasErrors } from '../../policy/index.js';
import { compileSecurityPolicies } from '../../policy/security/index.js';
import type { CliContext } from '../context.js';
import { refuseInvalidPolicies } from '../policy/policy-problems.js';

export async function securityPolicyFileSource(
  paths: readonly string[] | undefined,
  logger: Logger,
  context: CliContext,
): Promise<FilePolicySource | undefined> {
  if (paths === undefined || paths.length === 0) return undefined;
  const loaded = await loadSecurityPolicies(paths);
  refuseInvalidPolicies(context, loaded.problems, 'SecurityPolicy files', 'start again');
  // Duplicate names and the like stop the start too.
  compileSecurityPolicies(loaded.documents);
  return new FilePolicySource({
    paths,
    kind: 'SecurityPolicy',
    initial: snapshotOf(loaded),
    read: readSecurityPolicyFiles,
    logger,
  });
}

async function readSecurityPolicyFiles(paths: readonly string[]): Promise<PolicySnapshot> {
  const loaded = await loadSecurityPolicies(paths);
  if (!hasErrors(loaded.problems)) compileSecurityPolicies(loaded.documents);
  return snapshotOf(loaded);
}

function snapshotOf(loaded: LoadedSecurityPolicies): PolicySnapshot {
  return {
    documents: [],
    trustRoots: [],
    securityPolicies: loaded.documents,
    problems: loaded.problems,
  };
}
