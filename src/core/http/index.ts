/** Shared HTTP pieces with I/O: the limits every Signet server applies. */
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
