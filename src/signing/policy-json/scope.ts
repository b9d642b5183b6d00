/**
 * Which requirements apply to an image (containers/image signature/policy_eval.go,
 * requirementsForImageRef): in the `docker` transport's table, the image's full reference,
 * then its repository and parent namespaces, then subdomain wildcards, then the
 * transport's "" scope; failing all of those, the policy's `default`. Pure.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import { dockerScopesMostSpecificFirst } from '../lookaside/index.js';
import type { PolicyJson, RequirementList } from './types.js';

export interface AppliedRequirements {
  /** `docker:<scope>`, `docker:""` (the transport default) or `default`. */
  readonly scope: string;
  /** The key in the `docker` transport's table (`""` for its default); undefined for `default`. */
  readonly dockerKey?: string;
  readonly requirements: RequirementList;
}

export function requirementsForDockerImage(
  policy: PolicyJson,
  image: ImageReference,
): AppliedRequirements {
  const scopes = policy.transports.get('docker');
  if (scopes !== undefined) {
    for (const scope of dockerScopesMostSpecificFirst(image)) {
      const found = scopes.get(scope);
      if (found !== undefined) {
        return { scope: `docker:${scope}`, dockerKey: scope, requirements: found };
      }
    }
    const transportDefault = scopes.get('');
    if (transportDefault !== undefined)
      return { scope: 'docker:""', dockerKey: '', requirements: transportDefault };
  }
  return { scope: 'default', requirements: policy.default };
}
