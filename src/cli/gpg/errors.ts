/** Errors of the GPG simple-signing commands (`signet gpg sign|verify`, `signet policy-json check`). */
import { errorFactory } from '../../core/errors.js';

export const GPG_CLI_ERRORS = {
  GPG_FILE_UNREADABLE: {
    category: 'config',
    summary:
      'A GPG key, keyring, passphrase or token file named on the command line cannot be read.',
  },
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
