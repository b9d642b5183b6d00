/**
 * Bearer tokens accepted by the upload API. The token file holds one token per line;
 * blank lines and lines starting with `#` are ignored. Tokens are compared by their
 * SHA-256 in constant time, so neither their content nor their length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { lookasideServerError } from './errors.js';

/** 128 bits as 32 hex characters or 22 base64 ones; shorter tokens can be guessed. */
export const MIN_TOKEN_LENGTH = 16;
/** A token file lists a few clients; more is a wrong file. */
const MAX_TOKENS = 10_000;

export interface TokenChecker {
  /** True when the Authorization header carries an accepted bearer token. */
  accepts(authorization: string | undefined): boolean;
  readonly count: number;
}

const hash = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function parseTokenFile(text: string, source: string): TokenChecker {
  const tokens = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const invalid = (problem: string) =>
    lookasideServerError('LOOKASIDE_TOKENS_INVALID', `token file ${source} ${problem}`);
  if (tokens.length === 0) throw invalid('holds no token; write one token per line');
  if (tokens.length > MAX_TOKENS) throw invalid(`holds more than ${MAX_TOKENS} tokens`);
  // Line numbers only: a message must never carry a token.
  const short = tokens.findIndex((t) => t.length < MIN_TOKEN_LENGTH || /\s/.test(t));
  if (short !== -1) {
    throw invalid(
      `has a token (entry ${short + 1}) shorter than ${MIN_TOKEN_LENGTH} characters or containing spaces; use e.g. \`openssl rand -hex 32\``,
    );
  }
  const digests = tokens.map(hash);
  return {
    count: digests.length,
    accepts(authorization) {
      const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
      if (match === null) return false;
      const presented = hash(match[1]!);
      let accepted = false;
      // Compare against every token, not stopping at a match, so timing does not tell which.
      for (const digest of digests) accepted = timingSafeEqual(digest, presented) || accepted;
      return accepted;
    },
  };
}
