/**
 * Notation authorities are Signet's extension: a policy in policy-controller's API group
 * (`policy.sigstore.dev`) must stay readable by policy-controller, so it may not use one.
 */
import { NOTATION_API_GROUP } from '../notation-types.js';
import type { AuthoritySpec } from '../types.js';
import type { ValidationContext } from './context.js';

export function checkNotationApiGroup(
  ctx: ValidationContext,
  apiVersion: string,
  authorities: readonly AuthoritySpec[] | undefined,
): void {
  if (apiVersion.startsWith(NOTATION_API_GROUP)) return;
  authorities?.forEach((authority, i) => {
    if (authority.kind === 'notation')
      ctx.error(
        ['spec', 'authorities', i, 'notation'],
        `is Signet's extension: use apiVersion ${NOTATION_API_GROUP}v1alpha1 for a policy with Notation authorities (policy-controller has none)`,
      );
  });
}
