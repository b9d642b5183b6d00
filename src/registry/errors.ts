/** Error codes the embedded registry raises to its operator (not to its HTTP clients). */
import { errorFactory } from '../core/errors.js';

export const EMBEDDED_REGISTRY_ERRORS = {
  EMBEDDED_REGISTRY_CONFIG_INVALID: {
    category: 'config',
    summary:
      'An option of the embedded registry is out of range (port, size limit, server limit, users, storage directory) or its TLS certificate and key are not a pair.',
  },
  EMBEDDED_REGISTRY_START_FAILED: {
    category: 'internal',
    summary: 'The embedded registry could not listen on the requested host and port.',
  },
} as const;

export const embeddedRegistryError = errorFactory(EMBEDDED_REGISTRY_ERRORS);
