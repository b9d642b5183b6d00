/**
 * The problems found in one request body, each with its field path, so that a
 * misconfigured sender is diagnosed from one answer. Collection stops after
 * MAX_PROBLEMS_KEPT: a hostile body with 900,000 bad entries costs a counter, not 900,000
 * strings, and its 400 answer and log line stay small ("and 899,990 more problems").
 */
import { truncate } from './bounded-text.js';

/** Problems kept and shown; more than a person reads in one message. */
export const MAX_PROBLEMS_KEPT = 10;
/** One problem; field paths and quoted values are short, anything longer is cut. */
export const MAX_PROBLEM_CHARS = 300;

export class ProblemList {
  private readonly kept: string[] = [];
  private counted = 0;

  add(problem: string): void {
    this.counted += 1;
    if (this.kept.length < MAX_PROBLEMS_KEPT) this.kept.push(truncate(problem, MAX_PROBLEM_CHARS));
  }

  /** How many problems were found, kept or not. */
  get size(): number {
    return this.counted;
  }

  /** The problems kept, then `and N more problems` when some were only counted. */
  list(): string[] {
    const leftOut = this.counted - this.kept.length;
    return leftOut > 0 ? [...this.kept, `and ${leftOut} more problems`] : [...this.kept];
  }

  toString(): string {
    return this.list().join('; ');
  }
}
