/** Error codes of the manifest module (see docs/registry-client.md). */
import { errorFactory } from '../../core/errors.js';

export const MANIFEST_ERRORS = {
  MANIFEST_INVALID: {
    category: 'verification',
    summary:
      'A manifest or index is not valid OCI/Docker schema 2 JSON (bad shape, descriptor or media type).',
  },
  MANIFEST_TOO_LARGE: {
    category: 'registry',
    summary: 'A manifest is larger than the 4 MiB limit; it was not read or not sent.',
  },
} as const;

export const manifestError = errorFactory(MANIFEST_ERRORS);
