/** Certificates for the webhook Service: a private CA and a serving certificate. */
export {
  generateWebhookCertificates,
  serviceDnsNames,
  type WebhookCertificateOptions,
  type WebhookCertificates,
} from './webhook-certificates.js';
export { writeWebhookCertificates, type WrittenCertificates } from './write-certificates.js';
