/**
 * Client of Rekor v1 compatible transparency logs (Signet's own and Rekor): the REST
 * client, proposed-entry builders, and the checks a monitor makes between checkpoints.
 */
export { TLOG_CLIENT_ERRORS, type TlogClientErrorCode } from './errors.js';
export { parseLogUrl } from './log-url.js';
export { logKeyFingerprint, parseLogPublicKey } from './log-key.js';
export type { LogHttpOptions, LogTlsOptions } from './log-http.js';
export {
  RekorClient,
  type CreatedEntry,
  type IndexQuery,
  type RekorClientOptions,
  type RetrieveQuery,
} from './rekor-client.js';
export type { ConsistencyProofJson, LogInfo, RekorEntry } from './responses.js';
export {
  dsseProposal,
  hashedRekordProposal,
  type HashedRekordAlgorithm,
  type HashedRekordInput,
} from './proposals.js';
export {
  checkConsistent,
  describeCheckpoint,
  prefixRootFromInclusion,
  verifyLogCheckpoint,
  type ObservedCheckpoint,
} from './consistency.js';
export {
  MAX_MONITOR_STATE_BYTES,
  MONITOR_STATE_FORMAT,
  formatMonitorState,
  parseMonitorState,
} from './monitor-state.js';
export { monitorRound, type MonitorRound } from './monitor.js';
export {
  proveConsistency,
  type ProveOptions,
  type ProvenConsistency,
} from './prove-consistency.js';
