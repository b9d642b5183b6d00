/**
 * `authorities[].attestations[]`: each names a predicate type and, optionally, a condition
 * on the verified statement. policy-controller takes CUE or Rego there; Signet takes CEL
 * (`type: cel`) and refuses the others with a reason instead of skipping them.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { compileCelCondition } from '../cel-condition.js';
import { resolvePredicateType } from '../predicate-types.js';
import type { FieldPath } from '../problems.js';
import type { AttestationSpec } from '../types.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateNamedList,
  type ValidationContext,
} from './context.js';

const POLICY_FIELDS = ['type', 'data'];
const POLICY_UNSUPPORTED = {
  remote: 'policies are not fetched from URLs; put the CEL expression in data',
  configMapRef: 'policies are not read from ConfigMaps; put the CEL expression in data',
  fetchConfigFile: 'the image configuration is not passed to attestation conditions',
  includeSpec: 'only the attestation statement is passed to attestation conditions',
  includeObjectMeta: 'only the attestation statement is passed to attestation conditions',
  includeTypeMeta: 'only the attestation statement is passed to attestation conditions',
};

export function validateAttestations(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  environment: () => Environment,
): AttestationSpec[] | undefined {
  const list = readArray(ctx, value, path);
  if (list === undefined) return undefined;
  return validateNamedList(
    ctx,
    list,
    path,
    { item: 'attestation', container: 'authority' },
    (item, itemPath) => validateAttestation(ctx, item, itemPath, environment),
  );
}

function validateAttestation(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  environment: () => Environment,
): AttestationSpec | undefined {
  const entry = readObject(ctx, value, path);
  if (entry === undefined) return undefined;
  checkFields(ctx, entry, path, ['name', 'predicateType', 'policy']);
  const name = readString(ctx, entry, 'name', path, true);
  const typeText = readString(ctx, entry, 'predicateType', path, true);
  let predicateType: string | undefined;
  if (typeText !== undefined) {
    const resolved = resolvePredicateType(typeText);
    if (!resolved.ok) ctx.error([...path, 'predicateType'], resolved.problem);
    else {
      predicateType = resolved.uri;
      if (resolved.deprecatedShortName !== undefined) {
        ctx.warning(
          [...path, 'predicateType'],
          `the short name "${typeText}" is deprecated (as in policy-controller); it means ${resolved.uri}, write that instead`,
        );
      }
    }
  }
  const cel =
    entry.policy === undefined
      ? null
      : validateCondition(ctx, entry.policy, [...path, 'policy'], environment);
  if (name === undefined || predicateType === undefined || cel === undefined) return undefined;
  return { name, predicateType, ...(cel === null ? {} : { cel }) };
}

/** The CEL text; null when no policy is given; undefined when invalid (already reported). */
function validateCondition(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
  environment: () => Environment,
): string | undefined {
  const policy = readObject(ctx, value, path);
  if (policy === undefined) return undefined;
  checkFields(ctx, policy, path, POLICY_FIELDS, POLICY_UNSUPPORTED);
  const type = readString(ctx, policy, 'type', path, true);
  const data = readString(ctx, policy, 'data', path, true);
  if (type === undefined) return undefined;
  if (type === 'cue' || type === 'rego') {
    return ctx.error(
      [...path, 'type'],
      `${type} policies are not supported by Signet: write the condition in CEL (type: cel) over predicateType, predicate, subject and statement`,
    );
  }
  if (type !== 'cel')
    return ctx.error([...path, 'type'], `"${type}" is not a policy type; use cel`);
  if (data === undefined) return undefined;
  const compiled = compileCelCondition(environment(), data);
  if (!compiled.ok) return ctx.error([...path, 'data'], compiled.problem);
  return data;
}
