/**
 * Validates one SecurityPolicy object into a SecurityPolicyDocument, recording every
 * problem with its field path (and, for YAML, line and column) instead of stopping at the
 * first. Fields Signet does not know are refused, so a policy never means less than it says.
 */
import type { Environment } from '@marcbachmann/cel-js';
import type { FieldPath } from '../problems.js';
import {
  checkFields,
  isObject,
  readObject,
  readString,
  type JsonObject,
  type ValidationContext,
} from '../validate/context.js';
import { readName } from '../validate/document.js';
import { readChoice, readStringList } from './fields.js';
import { validateScopes } from './validate-scope.js';
import { validateCriteria } from './validate-criteria.js';
import {
  LIFECYCLE_STAGES,
  POLICY_SEVERITIES,
  SECURITY_POLICY_API_VERSION,
  SECURITY_POLICY_KIND,
  type Enforcement,
  type LifecycleStage,
  type SecurityPolicyDocument,
} from './types.js';

const SPEC_FIELDS = [
  'name',
  'description',
  'rationale',
  'remediation',
  'severity',
  'categories',
  'lifecycleStages',
  'enforcement',
  'scope',
  'exclusions',
  'criteria',
];

export function validateSecurityPolicy(
  ctx: ValidationContext,
  value: unknown,
  environment: () => Environment,
): SecurityPolicyDocument | undefined {
  const root = readObject(ctx, value, []);
  if (root === undefined) return undefined;
  checkFields(ctx, root, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const apiVersion = readString(ctx, root, 'apiVersion', [], true);
  if (apiVersion !== undefined && apiVersion !== SECURITY_POLICY_API_VERSION) {
    ctx.error(
      ['apiVersion'],
      `"${apiVersion}" is not supported; use ${SECURITY_POLICY_API_VERSION}`,
    );
  }
  const kind = readString(ctx, root, 'kind', [], true);
  if (kind !== undefined && kind !== SECURITY_POLICY_KIND) {
    ctx.error(
      ['kind'],
      `"${kind}" is not supported; only ${SECURITY_POLICY_KIND} documents are read here`,
    );
  }
  if (apiVersion !== SECURITY_POLICY_API_VERSION || kind !== SECURITY_POLICY_KIND) return undefined;
  const id = readName(ctx, root.metadata);
  // The kind is cluster-wide: a namespace would silently mean nothing, so it is refused.
  if (isObject(root.metadata) && root.metadata.namespace !== undefined) {
    ctx.error(
      ['metadata', 'namespace'],
      'SecurityPolicy is cluster-scoped; limit it to namespaces with spec.scope[].namespace',
    );
  }
  const spec =
    root.spec === undefined
      ? ctx.error(['spec'], 'is required')
      : readObject(ctx, root.spec, ['spec']);
  if (spec === undefined) return undefined;
  const path: FieldPath = ['spec'];
  checkFields(ctx, spec, path, SPEC_FIELDS);

  const name = readString(ctx, spec, 'name', path, true);
  const description = readString(ctx, spec, 'description', path, true);
  const rationale = readString(ctx, spec, 'rationale', path) ?? '';
  const remediation = readString(ctx, spec, 'remediation', path, true);
  const severity = readChoice(ctx, spec, 'severity', path, POLICY_SEVERITIES);
  if (severity === null)
    ctx.error([...path, 'severity'], `is required: one of ${POLICY_SEVERITIES.join(', ')}`);
  const categories = readStringList(ctx, spec, 'categories', path);
  const stages = readStages(ctx, spec, path);
  const enforcement = readEnforcement(ctx, spec, path, stages ?? []);
  const scope = validateScopes(ctx, spec.scope, [...path, 'scope']);
  const exclusions = validateScopes(ctx, spec.exclusions, [...path, 'exclusions']);
  const criteria = validateCriteria(ctx, spec.criteria, [...path, 'criteria'], environment);
  if (
    id === undefined ||
    name === undefined ||
    description === undefined ||
    remediation === undefined ||
    severity === undefined ||
    severity === null ||
    categories === undefined ||
    stages === undefined ||
    enforcement === undefined ||
    scope === undefined ||
    exclusions === undefined ||
    criteria === undefined
  )
    return undefined;
  const at = ctx.position([]);
  return {
    id,
    name,
    origin: at === undefined ? ctx.source : `${ctx.source}:${at.line}`,
    description,
    rationale,
    remediation,
    severity,
    categories,
    lifecycleStages: stages,
    enforcement,
    scope,
    exclusions,
    criteria,
  };
}

function readStages(
  ctx: ValidationContext,
  spec: JsonObject,
  path: FieldPath,
): LifecycleStage[] | undefined {
  const list = readStringList(ctx, spec, 'lifecycleStages', path);
  if (list === undefined) return undefined;
  if (list.length === 0)
    return ctx.error([...path, 'lifecycleStages'], `is required: list build, deploy or both`);
  const stages: LifecycleStage[] = [];
  list.forEach((text, i) => {
    const stage = LIFECYCLE_STAGES.find((s) => s === text);
    if (stage === undefined)
      ctx.error([...path, 'lifecycleStages', i], `"${text}" is not a stage; use build or deploy`);
    else if (stages.includes(stage))
      ctx.error([...path, 'lifecycleStages', i], `"${text}" is listed twice`);
    else stages.push(stage);
  });
  return stages.length === list.length ? stages : undefined;
}

/** `enforcement: {build: enforce, deploy: inform}`; a stage not named informs. */
function readEnforcement(
  ctx: ValidationContext,
  spec: JsonObject,
  path: FieldPath,
  stages: readonly LifecycleStage[],
): Record<LifecycleStage, Enforcement> | undefined {
  const out: Record<LifecycleStage, Enforcement> = { build: 'inform', deploy: 'inform' };
  if (spec.enforcement === undefined) return out;
  const at = [...path, 'enforcement'];
  const body = readObject(ctx, spec.enforcement, at);
  if (body === undefined) return undefined;
  checkFields(ctx, body, at, [...LIFECYCLE_STAGES]);
  let failed = false;
  for (const stage of LIFECYCLE_STAGES) {
    const chosen = readChoice(ctx, body, stage, at, ['inform', 'enforce'] as const);
    if (chosen === undefined) failed = true;
    else if (chosen !== null) {
      if (!stages.includes(stage)) {
        ctx.error(
          [...at, stage],
          `names a stage missing from spec.lifecycleStages; add ${stage} there or remove this`,
        );
        failed = true;
      }
      out[stage] = chosen;
    }
  }
  return failed ? undefined : out;
}
