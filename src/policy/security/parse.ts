/**
 * Reads SecurityPolicy documents from YAML text (several `---`-separated documents per
 * file) or from an object (the Kubernetes API), with the line and column of every problem
 * found through the YAML node ranges, as ClusterImagePolicy files are read. Pure: the
 * caller reads files.
 */
import { LineCounter, isScalar, parseAllDocuments, type Document } from 'yaml';
import type { Environment } from '@marcbachmann/cel-js';
import { createCelEnvironment } from '../cel-condition.js';
import { MAX_POLICY_TEXT, yamlLocator } from '../parse-documents.js';
import { hasErrors, type PolicyProblem } from '../problems.js';
import { ValidationContext } from '../validate/context.js';
import type { SecurityPolicyDocument } from './types.js';
import { validateSecurityPolicy } from './validate-policy.js';

export interface ParsedSecurityPolicies {
  /** Documents without errors (warnings allowed). */
  readonly documents: readonly SecurityPolicyDocument[];
  readonly problems: readonly PolicyProblem[];
}

export function parseSecurityPolicyYaml(text: string, source: string): ParsedSecurityPolicies {
  if (text.length > MAX_POLICY_TEXT) {
    const message = `is larger than ${MAX_POLICY_TEXT} bytes; a policy file is a few kilobytes`;
    return { documents: [], problems: [{ severity: 'error', source, path: '', message }] };
  }
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const list = Array.isArray(parsed) ? parsed : [];
  const documents: SecurityPolicyDocument[] = [];
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
        message: error.message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      });
    }
    if (doc.errors.length > 0 || isEmpty(doc)) continue;
    const ctx = new ValidationContext(source, yamlLocator(doc, lines));
    const read = validateSecurityPolicy(ctx, doc.toJS({ maxAliasCount: 100 }), environment);
    problems.push(...ctx.problems);
    if (read !== undefined && !hasErrors(ctx.problems)) documents.push(read);
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { documents, problems };
}

/** Validates an already-decoded object, such as a SecurityPolicy from the API server. */
export function parseSecurityPolicyObject(value: unknown, source: string): ParsedSecurityPolicies {
  const ctx = new ValidationContext(source, () => undefined);
  const read = validateSecurityPolicy(ctx, value, lazyEnvironment());
  const ok = read !== undefined && !hasErrors(ctx.problems);
  return { documents: ok ? [read] : [], problems: ctx.problems };
}

function lazyEnvironment(): () => Environment {
  let environment: Environment | undefined;
  return () => (environment ??= createCelEnvironment());
}

function isEmpty(doc: Document): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
}
