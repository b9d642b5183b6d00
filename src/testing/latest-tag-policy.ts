/**
 * A deploy-stage SecurityPolicy against the `latest` tag, as YAML: the smallest policy
 * whose violation needs no signature, attestation or scanner, for tests of where
 * SecurityPolicies come from (files, API objects) rather than what they check.
 */
export interface LatestTagPolicy {
  /** `metadata.name`. */
  readonly id: string;
  /** `spec.name`, the name reports show. */
  readonly name: string;
  /** `spec.enforcement.deploy`; any text, so that tests can give an invalid one. */
  readonly enforcement: string;
  /** One scope entry, when given: a namespace and image globs. */
  readonly scope?: { readonly namespace: string; readonly images?: readonly string[] };
}

export function latestTagPolicyYaml(policy: LatestTagPolicy): string {
  const scope =
    policy.scope === undefined
      ? ''
      : `  scope: [{namespace: ${policy.scope.namespace}, images: ${JSON.stringify(policy.scope.images ?? [])}}]\n`;
  return `apiVersion: signet.dev/v1alpha1
kind: SecurityPolicy
metadata: {name: ${policy.id}}
spec:
  name: ${policy.name}
  description: The image is referred to by the latest tag.
  remediation: Deploy a version tag or a digest.
  severity: medium
  categories: [DevOps Best Practices]
  lifecycleStages: [deploy]
  enforcement: {deploy: ${policy.enforcement}}
${scope}  criteria: {image: {latestTag: true}}
`;
}
