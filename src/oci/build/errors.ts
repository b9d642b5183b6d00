/** Error codes of the image builder. */
import { errorFactory } from '../../core/errors.js';

export const BUILD_ERRORS = {
  BUILD_OPTIONS_INVALID: {
    category: 'usage',
    summary:
      'An image-builder option is out of range (layer count or size, file name, platform list).',
  },
  BUILD_REFERENCE_MISMATCH: {
    category: 'usage',
    summary: 'An image was pushed to a reference pinned to another digest than the image has.',
  },
} as const;

export const buildError = errorFactory(BUILD_ERRORS);
