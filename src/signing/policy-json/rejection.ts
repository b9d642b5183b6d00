/** The typed error for a rejected image: its message lists every failing requirement's reason. */
import type { SignetError } from '../../core/errors.js';
import { policyJsonError } from './errors.js';
import type { PolicyJsonDecision } from './evaluate.js';

export function policyJsonRejection(
  decision: PolicyJsonDecision,
  policyName: string,
): SignetError | undefined {
  if (decision.allowed) return undefined;
  const failed = decision.requirements.filter((r) => !r.accepted);
  const reasons = failed
    .map((r) => `requirement ${r.index + 1} (${r.type}): ${r.reason}`)
    .join('; ');
  return policyJsonError(
    'POLICY_JSON_REJECTED',
    `${decision.image} is rejected by ${policyName} (scope ${decision.scope}): ${reasons}`,
    {
      details: {
        image: decision.image,
        scope: decision.scope,
        requirements: decision.requirements,
      },
    },
  );
}
