/**
 * POST /api/v1/index/retrieve: entry IDs by artifact digest and/or public key. Rekor marks
 * this endpoint experimental; Signet's index is written in the same transaction as the
 * entry, so it is never behind the log. Only x509 (PEM) keys are indexed.
 */
import type { FastifyInstance } from 'fastify';
import { digestSearchKey, parseVerifier, publicKeySearchKey } from '../entry/index.js';
import { tlogServerError } from './errors.js';
import type { LogService } from './log-service.js';

/** Bound on one answer; Rekor's index has none, but a client paging a hot key needs one. */
export const MAX_SEARCH_RESULTS = 1000;

const HASH =
  /^(?:(sha256):([0-9a-fA-F]{64})|(sha384):([0-9a-fA-F]{96})|(sha512):([0-9a-fA-F]{128})|(sha1):([0-9a-fA-F]{40})|([0-9a-fA-F]{64})|([0-9a-fA-F]{128}))$/;

export function registerIndexRoutes(app: FastifyInstance, log: LogService): void {
  app.post('/api/v1/index/retrieve', async (request) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      invalid('the search must be a JSON object');
    const query = body as Record<string, unknown>;
    const keys: string[] = [];
    if (query.hash !== undefined) keys.push(hashKey(query.hash));
    if (query.publicKey !== undefined) keys.push(publicKeyKey(query.publicKey));
    for (const unsupported of ['email', 'subject'] as const) {
      if (query[unsupported] !== undefined)
        invalid(
          `searching by ${unsupported} is not supported by this log; search by hash or publicKey`,
        );
    }
    if (keys.length === 0) invalid('name a hash or a publicKey to search for');
    const operator = query.operator ?? 'or';
    if (operator !== 'and' && operator !== 'or') invalid('operator must be "and" or "or"');
    return log.search(keys, operator, MAX_SEARCH_RESULTS);
  });
}

function hashKey(value: unknown): string {
  const match = typeof value === 'string' ? HASH.exec(value) : null;
  if (match === null)
    invalid('hash must be sha256:<64 hex>, sha384:, sha512: or sha1: followed by the digest');
  const parts = match.slice(1).filter((p) => p !== undefined);
  if (parts.length === 2) return digestSearchKey(parts[0]!, parts[1]!);
  return digestSearchKey(parts[0]!.length === 64 ? 'sha256' : 'sha512', parts[0]!);
}

function publicKeyKey(value: unknown): string {
  const key = value as Record<string, unknown>;
  if (
    typeof key !== 'object' ||
    key === null ||
    key.format !== 'x509' ||
    typeof key.content !== 'string'
  ) {
    invalid(
      'publicKey must be {format: "x509", content: <base64 PEM>}; other formats and key URLs are not indexed',
    );
  }
  return publicKeySearchKey(parseVerifier(key.content, 'publicKey.content').canonicalPem);
}

function invalid(message: string): never {
  throw tlogServerError('TLOG_REQUEST_INVALID', message);
}
