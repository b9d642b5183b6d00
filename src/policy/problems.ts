/**
 * Validation problems: every problem of every document is collected before anything is
 * reported, each with the field path (`spec.authorities[1].key.data`) and, for YAML input,
 * the line and column where the field starts.
 */

export type ProblemSeverity = 'error' | 'warning';

export interface PolicyProblem {
  readonly severity: ProblemSeverity;
  /** File (or other origin) the document came from. */
  readonly source: string;
  /** 1-based; absent when the input had no positions (a JSON object from the API server). */
  readonly line?: number;
  readonly column?: number;
  /** Dotted field path with indexes, `spec.images[0].glob`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** A path as segments: object keys and array indexes. */
export type FieldPath = readonly (string | number)[];

/** `['spec', 'authorities', 1, 'key']` → `spec.authorities[1].key`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** `FILE:LINE:COL: path: message` as compilers print, so editors can jump to it. */
export function formatProblem(problem: PolicyProblem): string {
  const where =
    problem.line === undefined
      ? problem.source
      : `${problem.source}:${problem.line}:${problem.column ?? 1}`;
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  const path = problem.path === '' ? '' : `${problem.path}: `;
  return `${where}: ${level}${path}${problem.message}`;
}

export function hasErrors(problems: readonly PolicyProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
