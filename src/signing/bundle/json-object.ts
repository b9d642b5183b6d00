/**
 * The JSON documents a bundle is made of (the bundle itself, the statement it signs) are
 * attacker-controlled bytes: refused unparsed when larger than their bound, and read only
 * as strict UTF-8 holding one JSON object.
 */

/** The object in `bytes`, or the error `invalid` makes of the problem. */
export function parseJsonObject(
  bytes: Uint8Array,
  maxBytes: number,
  invalid: (problem: string) => Error,
): Record<string, unknown> {
  if (bytes.length > maxBytes) throw invalid(`larger than ${maxBytes} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('not UTF-8 JSON');
  }
  if (!isRecord(doc)) throw invalid('not a JSON object');
  return doc;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
