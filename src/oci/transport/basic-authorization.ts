/** HTTP Basic authentication (RFC 7617), as registries and their token servers take it. */
import type { Credential } from '../credentials/index.js';

/** `Basic base64(user:password)`, or undefined when the login lacks either part. */
export function basicAuthorization(credential: Credential | undefined): string | undefined {
  if (credential?.username === undefined || credential.password === undefined) return undefined;
  const pair = `${credential.username}:${credential.password}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}
