/**
 * The Kubernetes admission webhook: AdmissionReview parsing and image extraction (review/),
 * the decision with its cache, coalescing and deadline (decide/), the Gatekeeper
 * external-data protocol (gatekeeper/) and serving certificates (certs/). The HTTPS server
 * is in server/, a composition root imported only by the CLI and tests.
 */
export { ADMISSION_ERRORS } from './errors.js';
export * from './review/index.js';
export * from './decide/index.js';
export * from './gatekeeper/index.js';
export * from './certs/index.js';
