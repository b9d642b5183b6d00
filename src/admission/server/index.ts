/** The webhook server (a composition root: only the CLI and tests import it). */
export {
  startAdmissionServer,
  MAX_REVIEW_BYTES,
  DEFAULT_TLS_RELOAD_MS,
  type AdmissionServer,
  type AdmissionServerOptions,
} from './admission-server.js';
export { ADMISSION_ROUTES } from './routes.js';
export { counterTotal, type AdmissionMetrics } from './metrics.js';
export { readTlsMaterial } from './tls-files.js';
