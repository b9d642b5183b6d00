/** THE in-toto Statement (v0.1, v1) and DSSE reader and builder, keeping refusal reasons. */
export { INTOTO_ERRORS } from './errors.js';
export { describeRefusal, type StatementRefusal } from './refusal.js';
export {
  IN_TOTO_STATEMENT_V01,
  IN_TOTO_STATEMENT_V1,
  MAX_STATEMENT_BYTES,
  MAX_SUBJECTS,
  readStatement,
  statementFromJson,
  subjectFor,
  isRecord,
  type InTotoStatement,
  type StatementRead,
  type StatementSubject,
} from './statement.js';
export { checkDigestSet } from './digest-set.js';
export {
  openStatementEnvelope,
  type EnvelopeOpened,
  type OpenEnvelopeOptions,
} from './envelope.js';
export { parseStatement, statementError } from './parse.js';
export {
  SIGN_PREDICATE_TYPE,
  buildSignStatement,
  buildStatement,
  type SubjectInput,
} from './build.js';
