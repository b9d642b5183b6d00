/**
 * Who may do what. Reads need a viewer token unless the server runs with public reads;
 * every write needs a writer token (admins may do everything). A missing or unknown token
 * is 401, a token whose role is too small 403. Only the token's role and short hash reach
 * the log, never the token.
 */
import type { FastifyRequest } from 'fastify';
import { uiError } from '../errors.js';
import { allows, type Caller, type Role, type RoleTokens } from '../tokens.js';

export interface AccessRules {
  readonly tokens?: RoleTokens;
  /** Anyone may read (a dashboard on a trusted network); writes still need tokens. */
  readonly publicRead: boolean;
}

export type Access = (request: FastifyRequest, needed: Role) => Caller | undefined;

export function accessControl(rules: AccessRules): Access {
  return (request, needed) => {
    const header = request.headers.authorization;
    const caller = rules.tokens?.identify(header);
    if (caller === undefined) {
      if (needed === 'viewer' && rules.publicRead && header === undefined) return undefined;
      throw uiError(
        'UI_UNAUTHENTICATED',
        header === undefined
          ? 'this needs an Authorization: Bearer <token> header'
          : 'the bearer token is not one this server knows',
      );
    }
    if (!allows(caller.role, needed)) {
      throw uiError(
        'UI_FORBIDDEN',
        `a ${caller.role} token may not do this; it needs a ${needed} token`,
      );
    }
    return caller;
  };
}
