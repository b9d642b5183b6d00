/**
 * Errors of the GPG simple-signing commands (`signet gpg sign|verify`, `signet policy-json
 * check`). Unreadable key, keyring, passphrase and token files are CLI_FILE_UNREADABLE,
 * as for every other file named on the command line.
 */
import { errorFactory } from '../../core/errors.js';

export const GPG_CLI_ERRORS = {
  GPG_IMAGE_UNSIGNED: {
    category: 'verification',
    summary: 'An image has no GPG simple signature in its lookaside store.',
  },
  GPG_IMAGE_NOT_VERIFIED: {
    category: 'verification',
    summary:
      'None of the GPG simple signatures of an image is valid for the trusted keys and its reference.',
  },
} as const;

export const gpgCliError = errorFactory(GPG_CLI_ERRORS);
