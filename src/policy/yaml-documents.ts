/**
 * The one YAML reader of Signet's policy documents (ClusterImagePolicy, TrustRoot,
 * SecurityPolicy): several `---`-separated documents per file, syntax errors with their
 * line and column, empty documents skipped, and each document handed to its validator
 * with a locator that finds a field's line and column through the YAML node ranges; or
 * an already-decoded object (the Kubernetes API). Pure: the caller reads files.
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
import { ValidationContext, type Locator, type Position } from './validate/context.js';

/** Bound on one policy file: real policies are a few kilobytes, so this only stops hostile input. */
export const MAX_POLICY_TEXT = 4 * 1024 * 1024;

/** Validates one decoded document; `environment` makes the CEL environment when a condition needs it. */
export type DocumentValidator<T> = (
  ctx: ValidationContext,
  value: unknown,
  environment: () => Environment,
) => T | undefined;

export interface ValidatedDocuments<T> {
  /** Documents without errors (warnings allowed). */
  readonly documents: T[];
  /** Every problem of every document, in file order. */
  readonly problems: PolicyProblem[];
}

export function validateYamlDocuments<T>(
  text: string,
  source: string,
  validate: DocumentValidator<T>,
): ValidatedDocuments<T> {
  if (text.length > MAX_POLICY_TEXT) {
    const message = `is larger than ${MAX_POLICY_TEXT} bytes; a policy file is a few kilobytes`;
    return { documents: [], problems: [{ severity: 'error', source, path: '', message }] };
  }
  const lines = new LineCounter();
  const yamlDocs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const list = Array.isArray(yamlDocs) ? yamlDocs : [];
  const documents: T[] = [];
  const problems: PolicyProblem[] = [];
  const environment = lazyEnvironment();
  for (const doc of list) {
    for (const error of doc.errors) {
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
    // a failed parse, or an empty document (`---` at the end)
    if (doc.errors.length > 0 || isEmpty(doc)) continue;
    const ctx = new ValidationContext(source, yamlLocator(doc, lines));
    const read = validate(ctx, doc.toJS({ maxAliasCount: 100 }), environment);
    problems.push(...ctx.problems);
    if (read !== undefined && !hasErrors(ctx.problems)) documents.push(read);
  }
  return { documents, problems: problems.sort(byPosition) };
}

/** Validates an already-decoded object, such as a policy from the API server. */
export function validateObjectDocument<T>(
  value: unknown,
  source: string,
  validate: DocumentValidator<T>,
): ValidatedDocuments<T> {
  const ctx = new ValidationContext(source, () => undefined);
  const read = validate(ctx, value, lazyEnvironment());
  const ok = read !== undefined && !hasErrors(ctx.problems);
  return { documents: ok ? [read] : [], problems: [...ctx.problems] };
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
