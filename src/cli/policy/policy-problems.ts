/**
 * What `signet policy test`, `signet check` and `signet serve webhook --security-policy` do
 * with the problems found in policy files: print every one on stderr, and stop (exit 3,
 * POLICY_INVALID, the problems in the error's details) when any is an error.
 */
import { hasErrors, type PolicyProblem } from '../../policy/index.js';
import { policyError } from '../../policy/errors.js';
import type { CliContext } from '../context.js';
import { renderProblems } from './render-verdict.js';

/** `files` names what was read ("policy files"); `then` what to do after fixing them. */
export function refuseInvalidPolicies(
  context: CliContext,
  problems: readonly PolicyProblem[],
  files: string,
  then: 'run again' | 'start again',
): void {
  if (problems.length > 0) context.console.err(renderProblems(problems));
  if (!hasErrors(problems)) return;
  const count = problems.filter((p) => p.severity === 'error').length;
  throw policyError('POLICY_INVALID', `${count} problem(s) in the ${files}; fix them and ${then}`, {
    details: { problems },
  });
}
