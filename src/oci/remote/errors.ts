/** Error codes of the remote operations that are not about the registry's answers. */
import { errorFactory } from '../../core/errors.js';

export const REMOTE_ERRORS = {
  REFERENCE_NEEDS_DIGEST: {
    category: 'usage',
    summary: 'The operation needs a reference pinned by digest (image@sha256:...), not a tag.',
  },
} as const;

export const remoteError = errorFactory(REMOTE_ERRORS);
