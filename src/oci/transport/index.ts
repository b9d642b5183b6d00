/** Public surface of the registry transport: one authenticated, retrying HTTP channel per host. */
export { RegistryTransport } from './transport.js';
export type { RegistryTransportOptions, RegistryRequest, RegistryResponse } from './transport.js';
export { HttpClient, headerValue } from './http.js';
export { discardBody, readBounded } from '../../core/http/bounded-body.js';
export type { HttpClientOptions, HttpMethod } from './http.js';
export { parseChallenges, preferredChallenge } from './challenge.js';
export type { Challenge } from './challenge.js';
export { repositoryScope, pullScope, pushScope, scopeKey } from './scope.js';
export type { RepositoryAction } from './scope.js';
export {
  DEFAULT_RETRY_POLICY,
  realRetryEnvironment,
  parseRetryAfterMs,
  backoffDelayMs,
  decideRetry,
} from './retry.js';
export type { RetryPolicy, RetryEnvironment } from './retry.js';
export { REGISTRY_ERRORS, registryError, CREDENTIALS_HINT } from './errors.js';
export type { RegistryErrorCode } from './errors.js';
export { redactUrl, sanitizeServerText } from './redact.js';
export { parseDistributionErrors, MAX_ERROR_BODY_BYTES } from './error-body.js';
export { MAX_TOKEN_RESPONSE_BYTES } from './token.js';
