/**
 * The in-toto statements of cosign v3 image signatures: parsed and built by the one
 * in-toto module (src/signing/intoto). A signature statement is small (one subject, an
 * empty predicate), so bundles hold them to a tighter bound than attestations.
 */
import { parseStatement as parseAnyStatement, type InTotoStatement } from '../intoto/index.js';

export {
  IN_TOTO_STATEMENT_V01,
  IN_TOTO_STATEMENT_V1,
  SIGN_PREDICATE_TYPE,
  buildSignStatement,
  subjectFor,
  type InTotoStatement,
  type StatementSubject,
} from '../intoto/index.js';

/** Signature statements are small; attestations (SBOMs) are read through signing/intoto. */
export const MAX_STATEMENT_BYTES = 1024 * 1024;

/** Parses a signature statement (attacker-controlled until its envelope signature is checked). */
export function parseStatement(bytes: Uint8Array, what: string): InTotoStatement {
  return parseAnyStatement(bytes, what, MAX_STATEMENT_BYTES);
}
