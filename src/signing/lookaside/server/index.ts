/** Signet's lookaside signature server: a composition root started by `signet serve lookaside`. */
export { LOOKASIDE_SERVER_ERRORS } from './errors.js';
export { API_ERROR_STATUS, type ApiErrorCode } from './http-problem.js';
export { MIN_TOKEN_LENGTH, parseTokenFile, type TokenChecker } from './tokens.js';
export {
  DEFAULT_MAX_SIGNATURE_BYTES,
  startLookasideServer,
  type LookasideServerOptions,
  type RunningLookasideServer,
} from './lookaside-server.js';
