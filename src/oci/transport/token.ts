/**
 * Fetches bearer tokens from a registry's token server (distribution token spec,
 * docs/spec/auth/token.md and oauth.md). Username/password go as Basic auth on a GET;
 * an identity (refresh) token goes as an OAuth2 `refresh_token` grant on a POST form.
 */
import type { Credential } from '../credentials/index.js';
import { basicAuthorization } from './basic-authorization.js';
import type { Challenge } from './challenge.js';
import { registryError } from './errors.js';
import { MAX_ERROR_BODY_BYTES, errorForResponse } from './error-body.js';
import { type HttpClient, type HttpRequest, headerValue } from './http.js';
import { readBounded, readPrefix } from '../../core/http/bounded-body.js';
import { redactUrl } from './redact.js';

/** Token responses are small JSON; a token server sending more is broken or hostile. */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/** client_id the OAuth2 flow requires (oauth.md); identifies the client, not the user. */
const CLIENT_ID = 'signet';

export type BearerChallenge = Extract<Challenge, { scheme: 'bearer' }>;

export interface TokenRequest {
  readonly registry: string;
  readonly challenge: BearerChallenge;
  readonly scopes: readonly string[];
  readonly credential: Credential | undefined;
  readonly userAgent: string;
  /** Whether `host` may be reached over plain HTTP (loopback or configured insecure). */
  readonly plainHttpAllowed: (host: string) => boolean;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number | undefined;
}

export async function fetchToken(http: HttpClient, request: TokenRequest): Promise<IssuedToken> {
  const realm = realmUrl(request);
  const response = await http.send(buildRequest(realm, request));
  const what = `a token for ${request.scopes.join(' ') || 'registry access'}`;
  if (response.status !== 200) {
    const body = await readPrefix(response.body, MAX_ERROR_BODY_BYTES);
    throw errorForResponse({
      registry: request.registry,
      status: response.status,
      url: realm,
      what,
      body,
    });
  }
  const body = await readBounded(
    response.body,
    MAX_TOKEN_RESPONSE_BYTES,
    headerValue(response.headers, 'content-length'),
    () =>
      registryError(
        'REGISTRY_PROTOCOL',
        `the token server of registry ${request.registry} sent a response over ${MAX_TOKEN_RESPONSE_BYTES} bytes`,
        { details: { registry: request.registry, url: redactUrl(realm) } },
      ),
  );
  return parseTokenResponse(body, request.registry, realm);
}

/**
 * The realm comes from the registry's challenge (attacker-controlled) and receives the
 * user's credentials, so it must be https unless its host may use plain HTTP.
 */
function realmUrl(request: TokenRequest): URL {
  let realm: URL;
  try {
    realm = new URL(request.challenge.realm);
  } catch {
    throw registryError(
      'REGISTRY_PROTOCOL',
      `registry ${request.registry} named a token realm that is not a URL`,
      { details: { registry: request.registry } },
    );
  }
  const plainOk = realm.protocol === 'http:' && request.plainHttpAllowed(realm.host);
  if (realm.protocol !== 'https:' && !plainOk) {
    throw registryError(
      'REGISTRY_TLS',
      `registry ${request.registry} sends clients to token server ${realm.host} over ${realm.protocol.replace(':', '')}; refusing to send credentials without TLS (list the host in insecureRegistries only if it is trusted and local)`,
      { details: { registry: request.registry, url: redactUrl(realm) } },
    );
  }
  return realm;
}

function buildRequest(realm: URL, request: TokenRequest): HttpRequest {
  const { challenge, scopes, credential, userAgent } = request;
  const headers: Record<string, string> = { 'user-agent': userAgent, accept: 'application/json' };
  const url = new URL(realm);
  if (credential?.identityToken !== undefined) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID });
    form.set('refresh_token', credential.identityToken);
    if (challenge.service !== undefined) form.set('service', challenge.service);
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { method: 'POST', url, headers, body: new TextEncoder().encode(form.toString()) };
  }
  if (challenge.service !== undefined) url.searchParams.set('service', challenge.service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const basic = basicAuthorization(credential);
  if (basic !== undefined) headers.authorization = basic;
  return { method: 'GET', url, headers };
}

function parseTokenResponse(body: Uint8Array, registry: string, realm: URL): IssuedToken {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(body));
  } catch {
    doc = undefined;
  }
  const fields = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  // `token` is the registry's name, `access_token` the OAuth2 one; servers send either.
  const token = [fields.token, fields.access_token].find(
    (t): t is string => typeof t === 'string' && t !== '',
  );
  if (token === undefined || /[\r\n]/.test(token)) {
    throw registryError(
      'REGISTRY_PROTOCOL',
      `the token server of registry ${registry} answered without a usable token`,
      { details: { registry, url: redactUrl(realm) } },
    );
  }
  const expires = fields.expires_in;
  return { token, expiresInSeconds: typeof expires === 'number' ? expires : undefined };
}
