/**
 * policy.json is read with the strict JSON reader of the signature payloads
 * (../gpg/strict-json.ts, as strict as containers/image's ParanoidUnmarshalJSONObject): a key
 * repeated in one object is an error instead of "last one wins", and objects are Maps so
 * that no member name can reach an object prototype. Errors name the line, which is what a
 * person fixing the file looks for.
 */
import { parseStrictJson, StrictJsonError, type JsonValue } from '../gpg/strict-json.js';

export { isJsonObject, type JsonObject, type JsonValue } from '../gpg/strict-json.js';

/** policy.json nests five levels; deeper input is a mistake or hostile. */
const MAX_DEPTH = 32;

export class JsonSyntaxError extends Error {}

export function parsePolicyJsonText(text: string): JsonValue {
  try {
    return parseStrictJson(text, MAX_DEPTH);
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    const line = text.slice(0, error.offset).split('\n').length;
    throw new JsonSyntaxError(`${error.problem} (line ${line})`);
  }
}
