/**
 * Telling ASCII-armored OpenPGP data (RFC 4880 §6.2) from binary packets: gpg and
 * containers/image accept both for keys, and users hand over either.
 */

/** The text of armored data, or undefined for binary packets. Strings are always text. */
export function armoredText(data: string | Uint8Array): string | undefined {
  if (typeof data === 'string') return data;
  // Armor begins with its header line (after optional whitespace); a binary packet's first
  // byte has the high bit set (RFC 4880 §4.2), so it can never start with "-----BEGIN PGP".
  const head = Buffer.from(data.subarray(0, 256)).toString('latin1').trimStart();
  return head.startsWith('-----BEGIN PGP ') ? Buffer.from(data).toString('utf8') : undefined;
}
