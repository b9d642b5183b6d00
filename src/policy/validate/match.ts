/**
 * `spec.match[]`: resource types (and labels) a policy is limited to
 * (clusterimagepolicy_validation.go MatchResource.Validate; label selectors as in
 * apimachinery metav1.LabelSelector).
 */
import { KNOWN_RESOURCES } from '../match-resource.js';
import type { FieldPath } from '../problems.js';
import type { LabelRequirement, LabelSelector, MatchRule } from '../types.js';
import {
  checkFields,
  readArray,
  readObject,
  readString,
  validateEach,
  type ValidationContext,
} from './context.js';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

export function validateMatchRules(
  ctx: ValidationContext,
  value: unknown,
): MatchRule[] | undefined {
  const path = ['spec', 'match'];
  const list = readArray(ctx, value, path);
  if (list === undefined) return undefined;
  return validateEach(list, path, (item, itemPath) => validateRule(ctx, item, itemPath));
}

function validateRule(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): MatchRule | undefined {
  const entry = readObject(ctx, value, path);
  if (entry === undefined) return undefined;
  checkFields(ctx, entry, path, ['group', 'version', 'resource', 'selector']);
  const group = readString(ctx, entry, 'group', path) ?? '';
  const version = readString(ctx, entry, 'version', path) ?? '';
  const resource = readString(ctx, entry, 'resource', path, true);
  let failed = resource === undefined;
  if (resource !== undefined && KNOWN_RESOURCES[resource] === undefined) {
    ctx.error(
      [...path, 'resource'],
      `"${resource}" is not a workload resource; use one of ${Object.keys(KNOWN_RESOURCES).join(', ')}`,
    );
    failed = true;
  }
  if (version === '') {
    ctx.error([...path, 'version'], 'is required: a version such as v1, or "*" for any');
    failed = true;
  }
  const selector =
    entry.selector === undefined
      ? null
      : validateSelector(ctx, entry.selector, [...path, 'selector']);
  if (failed || resource === undefined || selector === undefined) return undefined;
  return { group, version, resource, ...(selector === null ? {} : { selector }) };
}

export function validateSelector(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): LabelSelector | undefined {
  const body = readObject(ctx, value, path);
  if (body === undefined) return undefined;
  checkFields(ctx, body, path, ['matchLabels', 'matchExpressions']);
  let failed = false;
  const matchLabels: Record<string, string> = {};
  if (body.matchLabels !== undefined) {
    const labels = readObject(ctx, body.matchLabels, [...path, 'matchLabels']);
    if (labels === undefined) failed = true;
    for (const [key, label] of Object.entries(labels ?? {})) {
      if (typeof label !== 'string') {
        ctx.error([...path, 'matchLabels', key], 'label values are strings: quote the value');
        failed = true;
      } else matchLabels[key] = label;
    }
  }
  let matchExpressions: LabelRequirement[] | undefined = [];
  if (body.matchExpressions !== undefined) {
    const expressionsPath = [...path, 'matchExpressions'];
    const list = readArray(ctx, body.matchExpressions, expressionsPath);
    matchExpressions =
      list === undefined
        ? undefined
        : validateEach(list, expressionsPath, (item, itemPath) =>
            validateRequirement(ctx, item, itemPath),
          );
  }
  return failed || matchExpressions === undefined ? undefined : { matchLabels, matchExpressions };
}

function validateRequirement(
  ctx: ValidationContext,
  value: unknown,
  path: FieldPath,
): LabelRequirement | undefined {
  const entry = readObject(ctx, value, path);
  if (entry === undefined) return undefined;
  checkFields(ctx, entry, path, ['key', 'operator', 'values']);
  const key = readString(ctx, entry, 'key', path, true);
  const operatorText = readString(ctx, entry, 'operator', path, true);
  const operator = OPERATORS.find((o) => o === operatorText);
  if (operatorText !== undefined && operator === undefined) {
    ctx.error(
      [...path, 'operator'],
      `"${operatorText}" is not an operator; use one of ${OPERATORS.join(', ')}`,
    );
  }
  const rawValues = entry.values ?? [];
  const values =
    Array.isArray(rawValues) && rawValues.every((v) => typeof v === 'string')
      ? rawValues
      : undefined;
  if (values === undefined) ctx.error([...path, 'values'], 'must be a list of strings');
  if (operator !== undefined && values !== undefined) {
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0)
      return ctx.error([...path, 'values'], `${operator} needs at least one value`);
    if (!needsValues && values.length > 0)
      return ctx.error([...path, 'values'], `${operator} takes no values`);
  }
  if (key === undefined || operator === undefined || values === undefined) return undefined;
  return { key, operator, values };
}
