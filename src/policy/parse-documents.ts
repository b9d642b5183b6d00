/**
 * Reads ClusterImagePolicy documents, and the TrustRoots they name, from YAML text (several
 * `---`-separated documents per file) or from an object (the Kubernetes API), validating each. Problems carry the line
 * and column of the field, found through the YAML node ranges. Pure: the caller reads files.
 */
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import type { Environment } from '@marcbachmann/cel-js';
import { createCelEnvironment } from './cel-condition.js';
import { hasErrors, type FieldPath, type PolicyProblem } from './problems.js';
import { TRUST_ROOT_KIND, type TrustRootDocument } from './trust-root-types.js';
import type { PolicyDocument } from './types.js';
import { isObject, ValidationContext, type Locator, type Position } from './validate/context.js';
import { validateDocument } from './validate/document.js';
import { validateTrustRoot } from './validate/trust-root.js';

export interface ParsedPolicies {
  /** ClusterImagePolicy documents without errors (warnings allowed). */
  readonly documents: readonly PolicyDocument[];
  /** TrustRoot documents without errors: the trust material keyless authorities name. */
  readonly trustRoots: readonly TrustRootDocument[];
  /** Every problem of every document: errors and warnings. */
  readonly problems: readonly PolicyProblem[];
}

/** Bound on one policy file: real policies are a few kilobytes, so this only stops hostile input. */
export const MAX_POLICY_TEXT = 4 * 1024 * 1024;

export function parsePolicyYaml(text: string, source: string): ParsedPolicies {
  if (text.length > MAX_POLICY_TEXT) {
    return {
      documents: [],
      trustRoots: [],
      problems: [
        {
          severity: 'error',
          source,
          path: '',
          message: `is larger than ${MAX_POLICY_TEXT} bytes; a policy file is a few kilobytes`,
        },
      ],
    };
  }
  const lines = new LineCounter();
  const yamlDocs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const list = Array.isArray(yamlDocs) ? yamlDocs : [];
  const documents: PolicyDocument[] = [];
  const trustRoots: TrustRootDocument[] = [];
  const problems: PolicyProblem[] = [];
  const environment = lazyEnvironment();
  for (const doc of list) {
    const syntax = [...doc.errors];
    for (const error of syntax) {
      const at = lines.linePos(error.pos[0]);
      problems.push({
        severity: 'error',
        source,
        line: at.line,
        column: at.col,
        path: '',
        message: firstLine(error.message),
      });
    }
    if (syntax.length > 0 || isEmpty(doc)) continue; // a failed parse, or an empty document (`---` at the end)
    const ctx = new ValidationContext(source, yamlLocator(doc, lines));
    const read = validateAny(ctx, doc.toJS({ maxAliasCount: 100 }), environment);
    problems.push(...ctx.problems);
    if (read !== undefined && !hasErrors(ctx.problems)) {
      if (read.kind === TRUST_ROOT_KIND) trustRoots.push(read);
      else documents.push(read);
    }
  }
  return { documents, trustRoots, problems: problems.sort(byPosition) };
}

/** Validates an already-decoded object, such as a ClusterImagePolicy from the API server. */
export function parsePolicyObject(value: unknown, source: string): ParsedPolicies {
  const ctx = new ValidationContext(source, () => undefined);
  const read = validateAny(ctx, value, lazyEnvironment());
  const ok = read !== undefined && !hasErrors(ctx.problems);
  return {
    documents: ok && read.kind !== TRUST_ROOT_KIND ? [read] : [],
    trustRoots: ok && read.kind === TRUST_ROOT_KIND ? [read] : [],
    problems: ctx.problems,
  };
}

/** A TrustRoot beside the policies is read as one; anything else as a ClusterImagePolicy. */
function validateAny(
  ctx: ValidationContext,
  value: unknown,
  environment: () => Environment,
): TrustRootDocument | (PolicyDocument & { readonly kind?: undefined }) | undefined {
  if (isObject(value) && value.kind === TRUST_ROOT_KIND) return validateTrustRoot(ctx, value);
  return validateDocument(ctx, value, environment);
}

/** One CEL environment per file, made only if an attestation condition needs it. */
function lazyEnvironment(): () => Environment {
  let environment: Environment | undefined;
  return () => (environment ??= createCelEnvironment());
}

/**
 * The position of a field: the key of a map entry (so "unknown field" points at the
 * name), the item of a list, the enclosing object for a missing field; for the empty
 * path, the document's first node.
 */
export function yamlLocator(doc: Document, lines: LineCounter): Locator {
  const at = (offset: number): Position => {
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return (path: FieldPath) => {
    let node: unknown = doc.contents;
    let position = rangeStart(node);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
        if (pair === undefined) {
          // A missing field: point at the object that should hold it.
          position = rangeStart(node) ?? position;
          break;
        }
        position = rangeStart(pair.key) ?? position;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        position = rangeStart(node) ?? position;
      } else break;
    }
    return position === undefined ? undefined : at(position);
  };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function byPosition(a: PolicyProblem, b: PolicyProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function isEmpty(doc: Document): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
}
