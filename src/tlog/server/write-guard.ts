/**
 * Optional protection of the log's write API (`POST /api/v1/log/entries`): who may append
 * (bearer tokens, client certificates over TLS) and how often (a token bucket per client).
 * Both are off by default, as in Rekor, whose public instance takes anonymous writes; reads
 * and searches always stay open, since verifiers must be able to check what was logged.
 *
 * The guard runs before the body is read, so a refused client costs no parsing.
 */
import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import type { WriteTokens } from './write-tokens.js';

export interface WriteGuardOptions {
  /** Writers must present one of these bearer tokens (or a client certificate). */
  readonly tokens?: WriteTokens;
  /**
   * Writers may instead present a TLS client certificate that chains to the server's
   * client CA. Only meaningful when the server runs over TLS with one.
   */
  readonly clientCertificates?: boolean;
  /** Per-client token bucket; clients are keyed by identity, else by address. */
  readonly rateLimit?: Omit<RateLimiterOptions, 'now'> & { readonly now?: () => number };
}

/** Answers 401 or 429 and returns the reply, or returns undefined to let the write in. */
export type WriteGuard = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply | undefined>;

/** The hook to run on write routes, or undefined when writes are unrestricted. */
export function writeGuard(options: WriteGuardOptions): WriteGuard | undefined {
  const authenticated = options.tokens !== undefined || options.clientCertificates === true;
  const limiter = options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit);
  if (!authenticated && limiter === undefined) return undefined;
  return async (request, reply) => {
    const writer = writerIdentity(request, options);
    if (authenticated && writer === undefined) {
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer realm="signet transparency log"')
        .send({
          code: 401,
          message: `appending to this log needs ${credentialsWanted(options)}`,
        });
    }
    const decision = limiter?.take(writer ?? clientAddress(request));
    if (decision !== undefined && !decision.allowed) {
      return reply
        .code(429)
        .header('Retry-After', String(decision.retryAfterSeconds))
        .send({
          code: 429,
          message: `too many entries from this client; retry in ${decision.retryAfterSeconds} s`,
        });
    }
    return undefined;
  };
}

function writerIdentity(request: FastifyRequest, options: WriteGuardOptions): string | undefined {
  const byToken = options.tokens?.identify(request.headers.authorization);
  if (byToken !== undefined) return byToken;
  if (options.clientCertificates !== true) return undefined;
  const socket = request.raw.socket as Partial<TLSSocket>;
  // `authorized` is true only for a certificate that chains to the configured client CA.
  if (socket.authorized !== true || socket.getPeerCertificate === undefined) return undefined;
  const certificate = socket.getPeerCertificate();
  return certificate.fingerprint256 === undefined
    ? undefined
    : `certificate:${certificate.fingerprint256.replaceAll(':', '').toLowerCase()}`;
}

function credentialsWanted(options: WriteGuardOptions): string {
  const ways = [
    ...(options.tokens === undefined ? [] : ['"Authorization: Bearer <token>" with a write token']),
    ...(options.clientCertificates === true
      ? ["a TLS client certificate issued by the log's client CA"]
      : []),
  ];
  return ways.join(' or ');
}

/**
 * Anonymous clients are limited by address; an IPv6 client by its /64, since one host
 * usually holds a whole /64 and could otherwise rotate through it.
 */
export function clientAddress(request: FastifyRequest): string {
  const address = request.raw.socket.remoteAddress ?? 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return `ip:${mapped[1]!}`;
  if (!address.includes(':')) return `ip:${address}`;
  return `ip6:${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
