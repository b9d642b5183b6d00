/**
 * Namespaces opt in to enforcement with a label, as with policy-controller
 * (`policy.sigstore.dev/include: "true"`, config/500-webhook-configuration.yaml). The
 * webhook configuration's namespaceSelector filters on the API server already; checking
 * again here is defence in depth against a configuration edited by hand.
 */
export const INCLUDE_LABEL = 'signet.dev/include';
/** Honoured so clusters moving from policy-controller keep their namespace labels. */
export const POLICY_CONTROLLER_INCLUDE_LABEL = 'policy.sigstore.dev/include';

export function namespaceIncluded(labels: Readonly<Record<string, string>> | undefined): boolean {
  if (labels === undefined) return false;
  return labels[INCLUDE_LABEL] === 'true' || labels[POLICY_CONTROLLER_INCLUDE_LABEL] === 'true';
}
