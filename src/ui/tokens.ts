/**
 * API tokens with roles, read from a file the operator writes (a Kubernetes Secret
 * mounted as a file in a cluster): one `ROLE TOKEN` per line, ROLE one of viewer, writer,
 * admin; blank lines and `#` comments ignored. Roles nest: a writer may also read, an admin
 * may do everything. Tokens are matched by their SHA-256 in constant time
 * (core/http/bearer-tokens.ts) and never appear in messages or logs: a request is known by
 * its role and a short hash of its token.
 */
import { readFile } from 'node:fs/promises';
import { parseBearerTokens, type BearerTokens } from '../core/http/index.js';
import { describeError } from '../core/errors.js';
import { uiError } from './errors.js';

export type Role = 'viewer' | 'writer' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'writer', 'admin'];

export interface Caller {
  readonly role: Role;
  /** `token:<12 hex>`, safe to log. */
  readonly identity: string;
}

export interface RoleTokens {
  /** The caller an Authorization header proves, or undefined. Most privileged role wins. */
  identify(authorization: string | undefined): Caller | undefined;
  readonly count: number;
}

export function allows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export function parseRoleTokens(text: string, file: string): RoleTokens {
  const invalid = (problem: string) =>
    uiError('UI_TOKEN_FILE_INVALID', `token file ${file} ${problem}`, { details: { file } });
  const byRole = new Map<Role, string[]>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [role, token, ...rest] = line.split(/\s+/);
    // Line numbers only: a message must never carry a token.
    if (!ROLES.includes(role as Role) || token === undefined || rest.length > 0) {
      throw invalid(`line ${index + 1} is not "ROLE TOKEN" with ROLE one of ${ROLES.join(', ')}`);
    }
    byRole.set(role as Role, [...(byRole.get(role as Role) ?? []), token]);
  });
  if (byRole.size === 0) throw invalid('holds no token; write lines such as "writer <token>"');
  const parsed = new Map<Role, BearerTokens>();
  for (const [role, tokens] of byRole) {
    parsed.set(
      role,
      parseBearerTokens(tokens.join('\n'), (problem) => invalid(`(${role} tokens) ${problem}`)),
    );
  }
  return {
    count: [...parsed.values()].reduce((sum, t) => sum + t.count, 0),
    identify(authorization) {
      let found: Caller | undefined;
      for (const role of ROLES) {
        const identity = parsed.get(role)?.identify(authorization);
        if (identity !== undefined) found = { role, identity };
      }
      return found;
    },
  };
}

export async function readRoleTokens(file: string): Promise<RoleTokens> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw uiError(
      'UI_TOKEN_FILE_INVALID',
      `cannot read token file ${file}: ${describeError(error)}`,
      {
        cause: error,
        details: { file },
      },
    );
  }
  return parseRoleTokens(text, file);
}
