/**
 * Attestation conditions in CEL (@marcbachmann/cel-js), Signet's replacement for
 * policy-controller's CUE and Rego attestation policies. The expression sees the verified
 * in-toto statement, as policy-controller's policies do:
 *
 *   predicateType  string   the statement's predicateType
 *   predicate      dyn      the predicate, as JSON (numbers are doubles; compare with 3 or 3.0)
 *   subject        list     the statement's subjects
 *   statement      map      the whole statement
 *
 * It must evaluate to the boolean `true` for the attestation to be satisfied. CEL is not
 * Turing complete and the parse limits below bound the cost of a hostile expression; the
 * statement itself is attacker-influenced only after its signature was verified.
 */
import { Environment } from '@marcbachmann/cel-js';
import { describeError } from '../core/errors.js';

/**
 * Parse-time bounds: real conditions are a few dozen nodes; these stop a pathological
 * expression from costing much per admission.
 */
const LIMITS = {
  maxAstNodes: 2000,
  maxDepth: 50,
  maxListElements: 500,
  maxMapEntries: 500,
  maxCallArguments: 16,
};

/** Bound on the expression text, far above any real condition. */
export const MAX_CEL_LENGTH = 16 * 1024;

export interface CelCondition {
  readonly expression: string;
  /** Evaluates against a statement; never throws. */
  evaluate(statement: Readonly<Record<string, unknown>>): CelOutcome;
}

export type CelOutcome = { ok: true } | { ok: false; reason: string };

export type CelCompileResult =
  { ok: true; condition: CelCondition } | { ok: false; problem: string };

/** One environment per policy: declarations are shared, each expression parsed once. */
export function createCelEnvironment(): Environment {
  return new Environment({ limits: LIMITS })
    .registerVariable('predicateType', 'string')
    .registerVariable('predicate', 'dyn')
    .registerVariable('subject', 'list')
    .registerVariable('statement', 'map');
}

export function compileCelCondition(
  environment: Environment,
  expression: string,
): CelCompileResult {
  if (expression.length > MAX_CEL_LENGTH) {
    return { ok: false, problem: `CEL expression is longer than ${MAX_CEL_LENGTH} characters` };
  }
  let program: ReturnType<Environment['parse']>;
  try {
    program = environment.parse(expression);
    const checked = environment.check(expression);
    if (!checked.valid)
      return { ok: false, problem: `CEL type error: ${firstLine(checked.error?.message)}` };
    if (checked.type !== 'bool' && checked.type !== 'dyn') {
      return {
        ok: false,
        problem: `CEL expression returns ${checked.type}; it must return a bool`,
      };
    }
  } catch (error) {
    return { ok: false, problem: `CEL syntax error: ${firstLine(describeError(error))}` };
  }
  return {
    ok: true,
    condition: {
      expression,
      evaluate(statement) {
        const context = {
          predicateType: typeof statement.predicateType === 'string' ? statement.predicateType : '',
          predicate: statement.predicate ?? null,
          subject: Array.isArray(statement.subject) ? statement.subject : [],
          statement,
        };
        let value: unknown;
        try {
          value = program(context);
        } catch (error) {
          return {
            ok: false,
            reason: `the condition could not be evaluated: ${firstLine(describeError(error))}`,
          };
        }
        if (value === true) return { ok: true };
        if (value === false)
          return { ok: false, reason: `the condition \`${clip(expression)}\` is false` };
        return { ok: false, reason: `the condition returned ${typeof value}, not a boolean` };
      },
    },
  };
}

function firstLine(text: string | undefined): string {
  return (text ?? 'unknown error').split('\n', 1)[0]!.trim();
}

function clip(expression: string): string {
  const oneLine = expression.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}
