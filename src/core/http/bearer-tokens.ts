/**
 * Bearer token files of Signet's servers (the log's `--write-token-file`, the lookaside
 * server's `--token-file`): one token per line; blank lines and lines starting with `#`
 * are ignored. Tokens are compared by their SHA-256 in constant time, so neither their
 * content nor their length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** 128 bits as 32 hex characters or 22 base64 ones; shorter tokens can be guessed. */
export const MIN_BEARER_TOKEN_LENGTH = 16;
/** A token file lists a few clients (CI systems, signing services); more is a wrong file. */
const MAX_BEARER_TOKENS = 10_000;

export interface BearerTokens {
  readonly count: number;
  /**
   * The client's identity for an accepted `Authorization: Bearer <token>` header, else
   * undefined. The identity is a prefix of the token's SHA-256: stable per token, safe to
   * log and to key rate limits by, and useless for guessing the token.
   */
  identify(authorization: string | undefined): string | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** `invalid` turns a problem (never quoting a token) into the server's typed error. */
export function parseBearerTokens(text: string, invalid: (problem: string) => Error): BearerTokens {
  const tokens = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (tokens.length === 0) throw invalid('holds no token; write one token per line');
  if (tokens.length > MAX_BEARER_TOKENS) {
    throw invalid(`holds more than ${MAX_BEARER_TOKENS} tokens`);
  }
  // Entry numbers only: a message must never carry a token.
  const weak = tokens.findIndex((t) => t.length < MIN_BEARER_TOKEN_LENGTH || /\s/.test(t));
  if (weak !== -1) {
    throw invalid(
      `has a token (entry ${weak + 1}) shorter than ${MIN_BEARER_TOKEN_LENGTH} characters or containing spaces; use e.g. \`openssl rand -hex 32\``,
    );
  }
  const digests = tokens.map(sha256);
  return {
    count: digests.length,
    identify(authorization) {
      const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
      if (match === null) return undefined;
      const presented = sha256(match[1]!);
      let accepted: Buffer | undefined;
      // Compare against every token, not stopping at a match, so timing does not tell which.
      for (const digest of digests) {
        if (timingSafeEqual(digest, presented)) accepted = digest;
      }
      return accepted === undefined ? undefined : `token:${accepted.toString('hex', 0, 6)}`;
    },
  };
}
