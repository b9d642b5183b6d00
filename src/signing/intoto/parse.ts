/**
 * Throwing forms of the readers, for callers that handle one statement and report its
 * problem as a typed error (bundle verification, keyless subject checks, `--statement`
 * files): the message names the object (`what`) and the field.
 */
import { errorFactory } from '../../core/errors.js';
import { INTOTO_ERRORS } from './errors.js';
import { describeRefusal, type StatementRefusal } from './refusal.js';
import { readStatement, type InTotoStatement } from './statement.js';

const fail = errorFactory(INTOTO_ERRORS);

export function parseStatement(
  bytes: Uint8Array,
  what: string,
  maxBytes?: number,
): InTotoStatement {
  const read = readStatement(bytes, maxBytes);
  if (!read.ok) throw statementError(what, read.refusal);
  return read.statement;
}

/** The typed error for a refusal: shape problems are INVALID, mismatches REFUSED. */
export function statementError(what: string, refusal: StatementRefusal) {
  const code =
    refusal.reason === 'predicate-type' ||
    refusal.reason === 'subject' ||
    refusal.reason === 'payload-type' ||
    refusal.reason === 'signature'
      ? 'IN_TOTO_STATEMENT_REFUSED'
      : 'IN_TOTO_STATEMENT_INVALID';
  return fail(code, describeRefusal(what, refusal), { details: { refusal } });
}
