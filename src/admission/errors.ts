/** Errors of the admission webhook: reviews it cannot read, deadlines, certificates, cluster reads. */
import { errorFactory } from '../core/errors.js';

export const ADMISSION_ERRORS = {
  ADMISSION_REVIEW_INVALID: {
    category: 'usage',
    summary:
      'An AdmissionReview or Gatekeeper ProviderRequest is malformed: answered with HTTP 400 naming the field.',
  },
  ADMISSION_REVIEW_TOO_LARGE: {
    category: 'usage',
    summary: 'A request body exceeds 3 MiB, the API server limit for an AdmissionReview.',
  },
  ADMISSION_NOT_READY: {
    category: 'internal',
    summary:
      'The webhook was asked to decide before its policies were compiled (HTTP 503); the readiness probe keeps traffic away until then.',
  },
  ADMISSION_FAILED: {
    category: 'internal',
    summary:
      'The webhook failed unexpectedly while deciding (HTTP 500); the API server applies the failurePolicy. See the webhook log.',
  },
  ADMISSION_KUBERNETES_READ_FAILED: {
    category: 'registry',
    summary:
      'A namespace, Secret or ServiceAccount could not be read from the Kubernetes API; check the webhook RBAC.',
  },
  ADMISSION_POLICY_SOURCE_FAILED: {
    category: 'registry',
    summary:
      'ClusterImagePolicies could not be listed or watched through the Kubernetes API (unreachable, CRD missing, or RBAC); the webhook retries with backoff and is not ready until the first list succeeds.',
  },
  ADMISSION_TLS_INVALID: {
    category: 'config',
    summary: 'The serving certificate or key file is missing, unreadable or does not form a pair.',
  },
  ADMISSION_CERTS_INVALID: {
    category: 'usage',
    summary: '`signet certs` was given an invalid service name, namespace or output folder.',
  },
} as const;

export type AdmissionErrorCode = keyof typeof ADMISSION_ERRORS;

export const admissionError = errorFactory(ADMISSION_ERRORS);
