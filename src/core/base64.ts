/**
 * Strict base64 (RFC 4648 §4) and base64url (RFC 4648 §5) codecs.
 *
 * Node's `Buffer.from(text, 'base64')` silently skips characters it does not know, so a
 * corrupted or attacker-crafted signature could decode to something unexpected. These
 * decoders reject every character outside the alphabet and every wrong padding instead.
 */
import { errorFactory } from './errors.js';

export const BASE64_ERRORS = {
  BASE64_INVALID: {
    category: 'usage',
    summary:
      'A value that must be base64 or base64url contains characters or padding outside RFC 4648.',
  },
} as const;

const fail = errorFactory(BASE64_ERRORS);

const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_SAFE = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;

export interface Base64DecodeOptions {
  /**
   * Skip CR and LF before decoding. Default true because cosign decodes signature
   * annotations with Go's `base64.StdEncoding`, which ignores line breaks, and real
   * cosign output (for example signatures made through a PKI) wraps them at 76 columns.
   */
  readonly ignoreLineBreaks?: boolean;
}

/**
 * Decodes standard, padded base64. `what` names the value for the error message
 * (for example `signature annotation of layer 2`); the value itself is never echoed,
 * since it may be attacker-controlled or secret.
 */
export function decodeBase64(
  text: string,
  what: string,
  options: Base64DecodeOptions = {},
): Uint8Array {
  const body = (options.ignoreLineBreaks ?? true) ? text.replace(/[\r\n]/g, '') : text;
  if (!STANDARD.test(body)) {
    throw fail(
      'BASE64_INVALID',
      `${what} is not valid base64 (RFC 4648 standard alphabet with padding)`,
    );
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/** Decodes base64url, padded or unpadded (JWS and DSSE producers differ). */
export function decodeBase64Url(text: string, what: string): Uint8Array {
  if (!URL_SAFE.test(text)) {
    throw fail('BASE64_INVALID', `${what} is not valid base64url (RFC 4648 §5)`);
  }
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/** Standard alphabet with padding, as Go's `base64.StdEncoding` writes it. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** URL-safe alphabet without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
