/**
 * Reads one entry of a docker `auths` map (docker/cli configfile, types.AuthConfig):
 *
 *   "registry.example.com": { "auth": base64("user:password"), "identitytoken": "…" }
 *
 * `auth` wins over separate `username`/`password` fields when both are given, as in docker's
 * decodeAuth. The user name ends at the first ":"; the password may contain more of them.
 * Problems are returned, not thrown, so a file reports all of them at once; they name the
 * field, never its value.
 */
import { decodeBase64 } from '../../core/base64.js';
import { makeCredential, type Credential } from './credential.js';

export interface AuthEntryResult {
  readonly credential: Credential | undefined;
  readonly problems: readonly string[];
}

const STRING_FIELDS = [
  'auth',
  'username',
  'password',
  'identitytoken',
  'registrytoken',
  'email',
] as const;

/** `field` names the entry for messages, for example `auths["ghcr.io"]`. */
export function readAuthEntry(entry: unknown, field: string): AuthEntryResult {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { credential: undefined, problems: [`${field} must be an object`] };
  }
  const record = entry as Record<string, unknown>;
  const problems: string[] = [];
  const text: Partial<Record<(typeof STRING_FIELDS)[number], string>> = {};
  for (const name of STRING_FIELDS) {
    const value = record[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') text[name] = value;
    else problems.push(`${field}.${name} must be a string`);
  }

  let username = text.username;
  let password = text.password;
  if (text.auth !== undefined && text.auth !== '') {
    const pair = decodeAuth(text.auth, `${field}.auth`, problems);
    if (pair !== undefined) [username, password] = pair;
  }
  if (problems.length > 0) return { credential: undefined, problems };
  const credential = makeCredential({
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(text.identitytoken !== undefined ? { identityToken: text.identitytoken } : {}),
    ...(text.registrytoken !== undefined ? { registryToken: text.registrytoken } : {}),
  });
  return { credential, problems };
}

function decodeAuth(auth: string, field: string, problems: string[]): [string, string] | undefined {
  let decoded: string;
  try {
    const bytes = decodeBase64(auth.trim(), field);
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    problems.push(`${field} is not base64 of UTF-8 "username:password" text`);
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon === -1) {
    problems.push(`${field} does not decode to "username:password" (it has no ":")`);
    return undefined;
  }
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}
