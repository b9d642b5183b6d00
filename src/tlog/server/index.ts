/**
 * The transparency-log server: the Rekor v1 API over a LogStore. A composition root:
 * only the CLI and tests import it.
 */
export { TLOG_SERVER_ERRORS } from './errors.js';
export {
  buildTlogApp,
  MAX_REQUEST_BYTES,
  TLOG_SERVER_LIMITS,
  type TlogAppOptions,
  type TlogTls,
} from './app.js';
export { parseWriteTokens, MIN_WRITE_TOKEN_LENGTH, type WriteTokens } from './write-tokens.js';
export type { WriteGuardOptions } from './write-guard.js';
export { LogService, type CreateResult, type LogServiceOptions } from './log-service.js';
export { loadOrCreateLogKey, GENERATED_KEY_FILE, type LogKeyPair } from './log-key-file.js';
export {
  DEFAULT_TLOG_DATA_DIR,
  startTlogServer,
  type RunningTlogServer,
  type TlogServerOptions,
} from './start.js';
export { MAX_RETRIEVE_QUERIES } from './routes-entries.js';
export { MAX_SEARCH_RESULTS } from './routes-index.js';
