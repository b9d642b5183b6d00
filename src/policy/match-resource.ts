/**
 * `spec.match`: narrows a policy to Kubernetes resource types and labels
 * (policy-controller pkg/apis/config/image_policies.go GetMatchingPolicies). A policy
 * without `match` applies to every resource; with it, the admitted object's type must equal
 * one entry (group and resource exactly, version exactly or `*`) whose selector, if any,
 * accepts the object's labels. Without a known resource type (a CLI check of a bare image),
 * a policy with `match` does not apply, as in policy-controller's policy tester.
 */
import type { LabelRequirement, LabelSelector, MatchRule } from './types.js';

export interface ResourceKind {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/**
 * Workload resources policy-controller admits (its webhook configuration), with their
 * group and version, so a CLI caller can name `deployments` and get `apps/v1`.
 */
export const KNOWN_RESOURCES: Readonly<Record<string, ResourceKind>> = {
  pods: { group: '', version: 'v1', resource: 'pods' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  daemonsets: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs' },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs' },
};

export function policyAppliesTo(
  rules: readonly MatchRule[],
  kind: ResourceKind | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (rules.length === 0) return true;
  if (kind === undefined) return false;
  return rules.some(
    (rule) =>
      rule.resource === kind.resource &&
      rule.group === kind.group &&
      (rule.version === '*' || rule.version === kind.version) &&
      (rule.selector === undefined || selectorMatches(rule.selector, labels)),
  );
}

/** Kubernetes label selector semantics (apimachinery labels.Selector): every term must hold. */
export function selectorMatches(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!has(key) || labels[key] !== value) return false;
  }
  return selector.matchExpressions.every((req) =>
    requirementHolds(req, has(req.key), labels[req.key]),
  );
}

function requirementHolds(
  req: LabelRequirement,
  present: boolean,
  value: string | undefined,
): boolean {
  switch (req.operator) {
    case 'In':
      return present && req.values.includes(value as string);
    case 'NotIn':
      return !present || !req.values.includes(value as string);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}
