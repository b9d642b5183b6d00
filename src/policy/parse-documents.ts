/**
 * Reads ClusterImagePolicy documents, and the TrustRoots they name, from YAML text (several
 * `---`-separated documents per file) or from an object (the Kubernetes API), validating each. Problems carry the line
 * and column of the field, found through the YAML node ranges. Pure: the caller reads files.
 */
import type { Environment } from '@marcbachmann/cel-js';
import type { PolicyProblem } from './problems.js';
import { TRUST_ROOT_KIND, type TrustRootDocument } from './trust-root-types.js';
import type { PolicyDocument } from './types.js';
import { isObject, type ValidationContext } from './validate/context.js';
import { validateDocument } from './validate/document.js';
import { validateTrustRoot } from './validate/trust-root.js';
import {
  validateObjectDocument,
  validateYamlDocuments,
  type ValidatedDocuments,
} from './yaml-documents.js';

export { MAX_POLICY_TEXT } from './yaml-documents.js';

export interface ParsedPolicies {
  /** ClusterImagePolicy documents without errors (warnings allowed). */
  readonly documents: readonly PolicyDocument[];
  /** TrustRoot documents without errors: the trust material keyless authorities name. */
  readonly trustRoots: readonly TrustRootDocument[];
  /** Every problem of every document: errors and warnings. */
  readonly problems: readonly PolicyProblem[];
}

export function parsePolicyYaml(text: string, source: string): ParsedPolicies {
  return split(validateYamlDocuments(text, source, validateAny));
}

/** Validates an already-decoded object, such as a ClusterImagePolicy from the API server. */
export function parsePolicyObject(value: unknown, source: string): ParsedPolicies {
  return split(validateObjectDocument(value, source, validateAny));
}

function split(read: ValidatedDocuments<ReadDocument>): ParsedPolicies {
  const documents: PolicyDocument[] = [];
  const trustRoots: TrustRootDocument[] = [];
  for (const document of read.documents) {
    if (document.kind === TRUST_ROOT_KIND) trustRoots.push(document);
    else documents.push(document);
  }
  return { documents, trustRoots, problems: read.problems };
}

type ReadDocument = TrustRootDocument | (PolicyDocument & { readonly kind?: undefined });

/** A TrustRoot beside the policies is read as one; anything else as a ClusterImagePolicy. */
function validateAny(
  ctx: ValidationContext,
  value: unknown,
  environment: () => Environment,
): ReadDocument | undefined {
  if (isObject(value) && value.kind === TRUST_ROOT_KIND) return validateTrustRoot(ctx, value);
  return validateDocument(ctx, value, environment);
}
