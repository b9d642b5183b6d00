/**
 * Schema checks of predicates whose type Signet knows the schema of, applied before
 * signing (`signet attest`) and to verified statements (verify-attestation, policies):
 * a statement that claims SLSA provenance v1 but does not follow its schema is refused
 * with the field at fault. Pure.
 */
import type { StatementRefusal } from '../intoto/index.js';
import { SLSA_PROVENANCE_V1, validateSlsaV1Provenance } from './slsa-v1-schema.js';

export function checkPredicate(
  predicateType: string,
  predicate: unknown,
): StatementRefusal | undefined {
  if (predicateType !== SLSA_PROVENANCE_V1) return undefined;
  const problems = validateSlsaV1Provenance(predicate);
  const first = problems[0];
  if (first === undefined) return undefined;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return { reason: 'field', field: first.path, problem: `${first.problem}${more}` };
}
