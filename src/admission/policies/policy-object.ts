/**
 * One ClusterImagePolicy, TrustRoot or SecurityPolicy object from the API server, validated
 * as a policy file is and, for a policy, compiled alone, so that a problem only the
 * compiler finds also skips the object instead of failing the whole set later. The object
 * is attacker-influenced (anyone allowed to create policies writes it).
 */
import { describeError } from '../../core/errors.js';
import {
  compilePolicies,
  parsePolicyObject,
  type PolicyDocument,
  type PolicyProblem,
  type TrustRootDocument,
} from '../../policy/index.js';
import {
  compileSecurityPolicies,
  parseSecurityPolicyObject,
  type SecurityPolicyDocument,
} from '../../policy/security/index.js';

export interface ValidatedObject {
  readonly name: string;
  readonly resourceVersion: string;
  /** The ClusterImagePolicy, or none when the object has errors or is of another kind. */
  readonly documents: readonly PolicyDocument[];
  /** The TrustRoot, when the object is one without errors. */
  readonly trustRoots: readonly TrustRootDocument[];
  /** The SecurityPolicy, when the object is one without errors. */
  readonly securityPolicies: readonly SecurityPolicyDocument[];
  readonly problems: readonly PolicyProblem[];
}

/** The kinds a policy collection holds; TrustRoots are read with the ClusterImagePolicy reader. */
export type PolicyObjectKind = 'ClusterImagePolicy' | 'TrustRoot' | 'SecurityPolicy';

export function validatePolicyObject(
  object: unknown,
  group: string,
  kind: PolicyObjectKind = 'ClusterImagePolicy',
): ValidatedObject {
  const metadata = (object as { metadata?: { name?: unknown; resourceVersion?: unknown } } | null)
    ?.metadata;
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  const resourceVersion =
    typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : '';
  const empty = { name, resourceVersion, documents: [], trustRoots: [], securityPolicies: [] };
  if (kind === 'SecurityPolicy') {
    const source = `securitypolicies.${group}/${name}`;
    const parsed = parseSecurityPolicyObject(object, source);
    const failure = compileFailure(source, () => compileSecurityPolicies(parsed.documents));
    if (failure !== undefined) return { ...empty, problems: [...parsed.problems, failure] };
    return { ...empty, securityPolicies: parsed.documents, problems: parsed.problems };
  }
  const isTrustRoot = (object as { kind?: unknown } | null)?.kind === 'TrustRoot';
  const source = `${isTrustRoot ? 'trustroots' : 'clusterimagepolicies'}.${group}/${name}`;
  const parsed = parsePolicyObject(object, source);
  if (parsed.documents.length === 0)
    return { ...empty, trustRoots: parsed.trustRoots, problems: parsed.problems };
  const failure = compileFailure(source, () => compilePolicies(parsed.documents));
  if (failure !== undefined) return { ...empty, problems: [...parsed.problems, failure] };
  return { ...empty, documents: parsed.documents, problems: parsed.problems };
}

function compileFailure(source: string, compile: () => unknown): PolicyProblem | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    return { severity: 'error', source, path: '', message: describeError(error) };
  }
}
