/**
 * Reads SecurityPolicy documents from YAML text (several `---`-separated documents per
 * file) or from an object (the Kubernetes API), with the line and column of every problem
 * found through the YAML node ranges, as ClusterImagePolicy files are read. Pure: the
 * caller reads files.
 */
import type { PolicyProblem } from '../problems.js';
import { validateObjectDocument, validateYamlDocuments } from '../yaml-documents.js';
import type { SecurityPolicyDocument } from './types.js';
import { validateSecurityPolicy } from './validate-policy.js';

export interface ParsedSecurityPolicies {
  /** Documents without errors (warnings allowed). */
  readonly documents: readonly SecurityPolicyDocument[];
  readonly problems: readonly PolicyProblem[];
}

export function parseSecurityPolicyYaml(text: string, source: string): ParsedSecurityPolicies {
  return validateYamlDocuments(text, source, validateSecurityPolicy);
}

/** Validates an already-decoded object, such as a SecurityPolicy from the API server. */
export function parseSecurityPolicyObject(value: unknown, source: string): ParsedSecurityPolicies {
  return validateObjectDocument(value, source, validateSecurityPolicy);
}
