/**
 * JSON text as Go's `encoding/json.Marshal` writes it, for byte-identical cosign payloads:
 * `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…, map keys sorted by their UTF-8
 * bytes. Only the value shapes cosign payloads use are supported.
 */
export type GoJsonScalar = string | number | boolean;

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when Go would write `value` exactly as this module does. */
export function isGoEncodable(value: GoJsonScalar): boolean {
  if (typeof value === 'string') return !LONE_SURROGATE.test(value);
  // Go formats integral float64 below 1e21 without exponent, as JavaScript does for safe integers.
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return true;
}

export function goJsonString(value: string): string {
  // JSON.stringify already uses \b \f \n \r \t and \u00XX for other controls, as Go ≥ 1.22 does.
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] as string);
}

export function goJsonScalar(value: GoJsonScalar): string {
  return typeof value === 'string' ? goJsonString(value) : String(value);
}

/** A Go `map[string]interface{}` of scalars; null for an absent or empty map (see simple-signing.ts). */
export function goJsonMap(map: Readonly<Record<string, GoJsonScalar>>): string {
  const keys = Object.keys(map).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonScalar(map[k] as GoJsonScalar)}`).join(',')}}`;
}
