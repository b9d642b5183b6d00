/**
 * The "atomic container signature" JSON document signed by GPG simple signing
 * (containers/image docs/containers-signature.5.md, signature/simple.go):
 *
 *   {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
 *                "type":"atomic container signature"},"optional":{"creator":C,"timestamp":T}}
 *
 * Built as Go's json.Marshal writes containers/image's maps (keys sorted, `<>&` escaped).
 * Parsed as strictly as containers/image: the top level has exactly `critical` and
 * `optional`; `critical` and its sub-objects have exactly the members above; `optional`
 * must be an object whose unknown members are kept but never trusted.
 */
import { isDigest } from '../../core/digest.js';
import { goJsonString } from '../cosign/go-json.js';
import { gpgError } from './errors.js';
import { isJsonObject, parseStrictJson, type JsonValue } from './strict-json.js';

export const ATOMIC_SIGNATURE_TYPE = 'atomic container signature';

/** The document is a few hundred bytes; a bound keeps hostile content from costing a large parse. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export interface SimpleSignaturePayload {
  readonly dockerReference: string;
  readonly manifestDigest: string;
  /** `optional.creator`, untrusted: only for display. */
  readonly creator?: string;
  /** `optional.timestamp` in Unix seconds, untrusted: the signer's claim, not a proof. */
  readonly timestamp?: number;
}

export interface SimpleSignatureInput {
  readonly dockerReference: string;
  readonly manifestDigest: string;
  readonly creator?: string;
  readonly timestamp?: number;
}

/** The exact bytes containers/image would sign for these values. */
export function buildSimpleSignaturePayload(input: SimpleSignatureInput): Uint8Array {
  const bad = (problem: string) => gpgError('GPG_SIGN_INPUT_INVALID', problem);
  if (!isDigest(input.manifestDigest)) {
    throw bad(`"${input.manifestDigest.slice(0, 80)}" is not a manifest digest (sha256:<hex>)`);
  }
  if (input.dockerReference === '') throw bad('the docker reference to sign is empty');
  if (input.timestamp !== undefined && !Number.isSafeInteger(input.timestamp)) {
    throw bad('the signature timestamp must be a whole number of seconds');
  }
  const optional: string[] = [];
  if (input.creator !== undefined) optional.push(`"creator":${goJsonString(input.creator)}`);
  if (input.timestamp !== undefined) optional.push(`"timestamp":${input.timestamp}`);
  const text =
    `{"critical":{"identity":{"docker-reference":${goJsonString(input.dockerReference)}},` +
    `"image":{"docker-manifest-digest":${goJsonString(input.manifestDigest)}},` +
    `"type":${goJsonString(ATOMIC_SIGNATURE_TYPE)}},"optional":{${optional.join(',')}}}`;
  return new TextEncoder().encode(text);
}

/**
 * Parses signed content. Call only after the OpenPGP signature verified: the spec forbids
 * parsing before authentication. `source` names the signature for messages.
 */
export function parseSimpleSignaturePayload(
  bytes: Uint8Array,
  source: string,
): SimpleSignaturePayload {
  const invalid = (problem: string) =>
    gpgError(
      'GPG_PAYLOAD_INVALID',
      `${source}: the signed content is not an atomic container signature: ${problem}`,
    );
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    throw invalid(`it has ${bytes.length} bytes, more than ${MAX_PAYLOAD_BYTES}`);
  }
  let root: JsonValue;
  try {
    root = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw invalid(error instanceof SyntaxError ? `not JSON (${error.message})` : 'not UTF-8');
  }
  const top = exactMembers(root, ['critical', 'optional'], 'the document', invalid);
  const critical = exactMembers(top.critical, ['type', 'image', 'identity'], 'critical', invalid);
  if (critical.type !== ATOMIC_SIGNATURE_TYPE) {
    throw invalid(`critical.type is ${describe(critical.type)}, not "${ATOMIC_SIGNATURE_TYPE}"`);
  }
  const image = exactMembers(critical.image, ['docker-manifest-digest'], 'critical.image', invalid);
  const digest = image['docker-manifest-digest'];
  if (typeof digest !== 'string' || !isDigest(digest)) {
    throw invalid(`critical.image.docker-manifest-digest is ${describe(digest)}, not a digest`);
  }
  const identity = exactMembers(
    critical.identity,
    ['docker-reference'],
    'critical.identity',
    invalid,
  );
  const reference = identity['docker-reference'];
  if (typeof reference !== 'string') {
    throw invalid(`critical.identity.docker-reference is ${describe(reference)}, not a string`);
  }
  return {
    dockerReference: reference,
    manifestDigest: digest,
    ...readOptional(top.optional, invalid),
  };
}

/** `optional`: must be an object; known members are checked, unknown ones ignored (spec). */
function readOptional(
  value: JsonValue | undefined,
  invalid: (problem: string) => Error,
): Pick<SimpleSignaturePayload, 'creator' | 'timestamp'> {
  if (!isJsonObject(value)) throw invalid(`optional is ${describe(value)}, not an object`);
  const creator = value.get('creator') ?? null;
  const timestamp = value.get('timestamp') ?? null;
  // Go decodes `null` into a string or number as "no value"; both stay absent here.
  if (creator !== null && typeof creator !== 'string') {
    throw invalid(`optional.creator is ${describe(creator)}, not a string`);
  }
  // An int64 count of seconds (simple.go rejects fractions); beyond 2^53 JSON loses precision.
  if (timestamp !== null && (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp))) {
    throw invalid(`optional.timestamp is ${describe(timestamp)}, not a whole number of seconds`);
  }
  return {
    ...(creator === null ? {} : { creator }),
    ...(timestamp === null ? {} : { timestamp }),
  };
}

function exactMembers<K extends string>(
  value: JsonValue | undefined,
  names: readonly K[],
  where: string,
  invalid: (problem: string) => Error,
): Record<K, JsonValue> {
  if (!isJsonObject(value)) throw invalid(`${where} is ${describe(value)}, not an object`);
  const unknown = [...value.keys()].filter((key) => !(names as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw invalid(
      `${where} has unknown member(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}`,
    );
  }
  const missing = names.filter((name) => !value.has(name));
  if (missing.length > 0) throw invalid(`${where} lacks member(s) ${missing.join(', ')}`);
  return Object.fromEntries(names.map((name) => [name, value.get(name)])) as Record<K, JsonValue>;
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (isJsonObject(value)) return 'an object';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return String(value);
}
