/** Bearer tokens that may append to the log (`--write-token-file`), read as core/http reads them. */
import { parseBearerTokens, type BearerTokens } from '../../core/http/index.js';
import { tlogServerError } from './errors.js';

export { MIN_BEARER_TOKEN_LENGTH as MIN_WRITE_TOKEN_LENGTH } from '../../core/http/index.js';
export type WriteTokens = BearerTokens;

export function parseWriteTokens(text: string, source: string): WriteTokens {
  return parseBearerTokens(text, (problem) =>
    tlogServerError('TLOG_WRITE_TOKENS_INVALID', `write token file ${source} ${problem}`),
  );
}
