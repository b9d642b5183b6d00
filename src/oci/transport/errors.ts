/**
 * Error codes of the registry transport and client. Every registry error carries
 * `details: { registry, status, registryCode, url }` with the URL redacted (redact.ts).
 */
import { errorFactory } from '../../core/errors.js';

export const REGISTRY_ERRORS = {
  REGISTRY_UNAUTHORIZED: {
    category: 'registry',
    summary:
      'The registry refused the credentials or requires some (HTTP 401/403); supply credentials with access.',
  },
  REGISTRY_NOT_FOUND: {
    category: 'not-found',
    summary: 'The repository, manifest, tag or blob does not exist in the registry (HTTP 404).',
  },
  REGISTRY_RATE_LIMITED: {
    category: 'registry',
    summary: 'The registry is rate limiting requests (HTTP 429); temporary, retry later.',
  },
  REGISTRY_UNAVAILABLE: {
    category: 'registry',
    summary: 'The registry failed (HTTP 5xx), could not be reached, or did not answer in time.',
  },
  REGISTRY_PROTOCOL: {
    category: 'registry',
    summary:
      'The registry answered something malformed or unexpected (bad JSON, missing header, oversized body).',
  },
  REGISTRY_REJECTED: {
    category: 'registry',
    summary:
      'The registry refused the request as invalid or unsupported (HTTP 400, 405, 409, 416 and the like).',
  },
  REGISTRY_TLS: {
    category: 'config',
    summary:
      "The registry's TLS certificate is not trusted, or plain HTTP was needed but not allowed for that host.",
  },
  BLOB_TOO_LARGE: {
    category: 'verification',
    summary: 'A blob is larger than the limit its reader allows; it was not read in full.',
  },
} as const;

export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

export const registryError = errorFactory(REGISTRY_ERRORS);

/**
 * How a user supplies registry credentials to the `signet` commands (their registry
 * options, docs/cli.md); appended to every authorization failure. A test checks that each
 * flag named here is one the commands accept.
 */
export const CREDENTIALS_HINT =
  'supply credentials with --registry-username and --registry-password (or SIGNET_REGISTRY_USERNAME and SIGNET_REGISTRY_PASSWORD), a Kubernetes pull secret with --pull-secret FILE, or a docker config.json with --docker-config PATH (default $DOCKER_CONFIG, then ~/.docker/config.json, where `docker login` writes)';
