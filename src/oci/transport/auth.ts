/**
 * What to put in the Authorization header for one registry: follows the registry's
 * challenge (Basic, or Bearer tokens fetched per scope set and cached), and forgets a token
 * the registry refused so the next attempt fetches a fresh one.
 */
import type { Credential } from '../credentials/index.js';
import { basicAuthorization } from './basic-authorization.js';
import { type Challenge, parseChallenges, preferredChallenge } from './challenge.js';
import type { HttpClient } from './http.js';
import { scopeKey } from './scope.js';
import { TokenCache } from './token-cache.js';
import { fetchToken } from './token.js';

export interface AuthenticatorOptions {
  readonly registry: string;
  readonly credential: Credential | undefined;
  readonly http: HttpClient;
  readonly userAgent: string;
  readonly plainHttpAllowed: (host: string) => boolean;
  readonly now: () => number;
}

export interface Authorization {
  readonly header: string;
  /** Cache key of the bearer token used, so it can be forgotten after a 401. */
  readonly tokenKey?: string;
}

export class RegistryAuthenticator {
  private challenge: Challenge | undefined;
  private readonly tokens: TokenCache;

  constructor(private readonly options: AuthenticatorOptions) {
    this.tokens = new TokenCache(options.now);
  }

  /** Records the challenge of a 401 (or ping) answer; returns it, if usable. */
  learn(header: string | readonly string[] | undefined): Challenge | undefined {
    const challenge = preferredChallenge(parseChallenges(header));
    if (challenge !== undefined) this.challenge = challenge;
    return challenge;
  }

  get hasCredential(): boolean {
    const c = this.options.credential;
    return (
      c !== undefined &&
      ((c.username !== undefined && c.password !== undefined) ||
        c.identityToken !== undefined ||
        c.registryToken !== undefined)
    );
  }

  /** Whether authenticating (again) could change the registry's answer. */
  canAnswer(challenge: Challenge | undefined, sentBasic: boolean): boolean {
    if (challenge === undefined) return false;
    switch (challenge.scheme) {
      case 'bearer':
        return true; // anonymous tokens exist, and a new token may carry the missing scope
      case 'basic':
        return !sentBasic && basicAuthorization(this.options.credential) !== undefined;
      case 'other':
        return false;
    }
  }

  async authorization(scopes: readonly string[]): Promise<Authorization | undefined> {
    const challenge = this.challenge;
    if (challenge === undefined) return undefined;
    switch (challenge.scheme) {
      case 'basic': {
        // Encoded per request rather than kept: the authenticator holds no unmasked secret
        // of its own for a stray inspect or log line to show.
        const header = basicAuthorization(this.options.credential);
        return header === undefined ? undefined : { header };
      }
      case 'bearer': {
        // docker config `registrytoken`: a bearer token for the registry itself.
        const registryToken = this.options.credential?.registryToken;
        if (registryToken !== undefined) return { header: `Bearer ${registryToken}` };
        const key = `${challenge.realm} ${challenge.service ?? ''} ${scopeKey(scopes)}`;
        let token = this.tokens.get(key);
        if (token === undefined) {
          const issued = await fetchToken(this.options.http, {
            registry: this.options.registry,
            challenge,
            scopes: [...new Set(scopes)].sort(),
            credential: this.options.credential,
            userAgent: this.options.userAgent,
            plainHttpAllowed: this.options.plainHttpAllowed,
          });
          token = issued.token;
          this.tokens.set(key, token, issued.expiresInSeconds);
        }
        return { header: `Bearer ${token}`, tokenKey: key };
      }
      case 'other':
        return undefined;
    }
  }

  forget(authorization: Authorization | undefined): void {
    if (authorization?.tokenKey !== undefined) this.tokens.delete(authorization.tokenKey);
  }
}
