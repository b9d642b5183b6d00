/**
 * One ClusterImagePolicy (or TrustRoot) object from the API server, validated as a policy
 * file is (parsePolicyObject) and, for a policy, compiled alone, so that a problem only the
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

export interface ValidatedObject {
  readonly name: string;
  readonly resourceVersion: string;
  /** The document, or none when the object has errors. */
  readonly documents: readonly PolicyDocument[];
  /** The TrustRoot, when the object is one without errors. */
  readonly trustRoots: readonly TrustRootDocument[];
  readonly problems: readonly PolicyProblem[];
}

export function validatePolicyObject(object: unknown, group: string): ValidatedObject {
  const metadata = (object as { metadata?: { name?: unknown; resourceVersion?: unknown } } | null)
    ?.metadata;
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  const resourceVersion =
    typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : '';
  const isTrustRoot = (object as { kind?: unknown } | null)?.kind === 'TrustRoot';
  const source = `${isTrustRoot ? 'trustroots' : 'clusterimagepolicies'}.${group}/${name}`;
  const parsed = parsePolicyObject(object, source);
  if (parsed.documents.length === 0)
    return {
      name,
      resourceVersion,
      documents: [],
      trustRoots: parsed.trustRoots,
      problems: parsed.problems,
    };
  try {
    compilePolicies(parsed.documents);
  } catch (error) {
    const problem: PolicyProblem = {
      severity: 'error',
      source,
      path: '',
      message: describeError(error),
    };
    return {
      name,
      resourceVersion,
      documents: [],
      trustRoots: [],
      problems: [...parsed.problems, problem],
    };
  }
  return {
    name,
    resourceVersion,
    documents: parsed.documents,
    trustRoots: [],
    problems: parsed.problems,
  };
}
