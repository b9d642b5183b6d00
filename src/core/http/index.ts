/** Shared HTTP pieces with I/O: the limits every Signet server applies. */
export { createLimitedServer, type ServingCertificate } from './limited-server.js';
export {
  applyServerLimits,
  connectionsCheckingIntervalMs,
  DEFAULT_SERVER_LIMITS,
  fastifyServerLimitOptions,
  httpServerLimitOptions,
  resolveServerLimits,
  tlsServerLimitOptions,
  type HttpServerLimitOptions,
  type ServerLimits,
} from './server-limits.js';
export { useBoundedJsonBodies, type BodyRefusal } from './bounded-json-bodies.js';
export { parseBearerTokens, MIN_BEARER_TOKEN_LENGTH, type BearerTokens } from './bearer-tokens.js';
export { discardBody, readBounded, readPrefix } from './bounded-body.js';
