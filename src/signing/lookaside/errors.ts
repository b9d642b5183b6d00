/**
 * Error codes of lookaside signature storage (containers-registries.d(5),
 * containers/image docs/signature-protocols.md): configuration, reading and writing.
 * Messages name the file, URL or image and say what to do; URLs are printed without
 * credentials.
 */
import { errorFactory } from '../../core/errors.js';

export const LOOKASIDE_ERRORS = {
  LOOKASIDE_CONFIG_INVALID: {
    category: 'config',
    summary:
      'A registries.d file is not valid YAML, has a field of the wrong type, or configures a scope twice.',
  },
  LOOKASIDE_URL_UNSUPPORTED: {
    category: 'config',
    summary:
      'A lookaside URL is malformed or uses a scheme other than file, http or https (writing: file, or an upload server).',
  },
  LOOKASIDE_READ_FAILED: {
    category: 'registry',
    summary:
      'A lookaside signature could not be read: the server answered with an error, timed out, or sent too much.',
  },
  LOOKASIDE_TOKEN_INSECURE: {
    category: 'config',
    summary:
      'An upload token would travel over plain HTTP to a host that is not loopback; use an https:// signature server or allow it explicitly.',
  },
  LOOKASIDE_WRITE_FAILED: {
    category: 'registry',
    summary: 'A signature could not be written to a lookaside directory or upload server.',
  },
} as const;

export const lookasideError = errorFactory(LOOKASIDE_ERRORS);
