/**
 * Optional HTTP Basic authentication (RFC 7617) for the embedded registry. The registry
 * answers 401 with a `WWW-Authenticate: Basic` challenge, as distribution's htpasswd mode
 * does, so registry clients that handle that mode work unchanged. The Authorization header
 * is attacker-controlled; passwords are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DistributionError } from './distribution-error.js';

export interface AccessRules {
  /** user name → password; without users every request is allowed. */
  readonly users?: Readonly<Record<string, string>>;
  /** Let GET and HEAD through without credentials. */
  readonly anonymousRead: boolean;
  readonly realm: string;
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal-length inputs, so the comparison time says nothing about length.
  return timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  );
}

function presentedCredentials(
  req: IncomingMessage,
): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Throws UNAUTHORIZED (with the challenge header) unless the request may proceed. */
export function authorize(req: IncomingMessage, rules: AccessRules): void {
  const users = rules.users;
  if (users === undefined) return;
  if (rules.anonymousRead && (req.method === 'GET' || req.method === 'HEAD')) return;
  const presented = presentedCredentials(req);
  const expected =
    presented === undefined
      ? undefined
      : Object.hasOwn(users, presented.user)
        ? users[presented.user]
        : undefined;
  if (presented !== undefined && expected !== undefined && sameSecret(presented.password, expected))
    return;
  throw new DistributionError('UNAUTHORIZED', 'authentication required', undefined, {
    headers: { 'WWW-Authenticate': `Basic realm="${rules.realm}"` },
  });
}
