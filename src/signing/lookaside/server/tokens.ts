/** Bearer tokens accepted by the upload API (`--token-file`), read as core/http reads them. */
import { parseBearerTokens } from '../../../core/http/index.js';
import { lookasideServerError } from './errors.js';

export { MIN_BEARER_TOKEN_LENGTH as MIN_TOKEN_LENGTH } from '../../../core/http/index.js';

export interface TokenChecker {
  /** True when the Authorization header carries an accepted bearer token. */
  accepts(authorization: string | undefined): boolean;
  readonly count: number;
}

export function parseTokenFile(text: string, source: string): TokenChecker {
  const tokens = parseBearerTokens(text, (problem) =>
    lookasideServerError('LOOKASIDE_TOKENS_INVALID', `token file ${source} ${problem}`),
  );
  return {
    count: tokens.count,
    accepts: (authorization) => tokens.identify(authorization) !== undefined,
  };
}
