/**
 * cosign's variant of the containers "simple signing" payload (cosign
 * specs/SIGNATURE_SPEC.md; written by sigstore/sigstore pkg/signature/payload):
 *
 *   {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
 *                "type":"cosign container image signature"},"optional":{…}|null}
 *
 * This is the byte string the signature covers, so it is built exactly as Go's
 * json.Marshal writes it; `optional` is `null` when there are no annotations, as every
 * payload in the containers/image fixtures (real cosign output) shows.
 */
import { isDigest } from '../../core/digest.js';
import { errorFactory } from '../../core/errors.js';
import { COSIGN_ERRORS } from './errors.js';
import { goJsonMap, goJsonString, isGoEncodable, type GoJsonScalar } from './go-json.js';
import { COSIGN_SIGNATURE_TYPE } from './signature-layer.js';

const fail = errorFactory(COSIGN_ERRORS);

/** Payloads are a few hundred bytes; a bound keeps a hostile layer from costing a large parse. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface SimpleSigningInput {
  /** Repository the signer claims (cosign writes it without tag); informational for cosign. */
  readonly dockerReference: string;
  readonly manifestDigest: string;
  /** `-a key=value` annotations; cosign writes strings, containers/image also integers. */
  readonly annotations?: Readonly<Record<string, GoJsonScalar>>;
}

export interface SimpleSigningPayload {
  readonly dockerReference: string;
  readonly manifestDigest: string;
  readonly type: string;
  /** `optional` as signed; null when the payload had none. Values are untrusted JSON. */
  readonly optional: Readonly<Record<string, unknown>> | null;
}

export function buildSimpleSigningPayload(input: SimpleSigningInput): Uint8Array {
  if (!isDigest(input.manifestDigest)) {
    throw fail(
      'PAYLOAD_INPUT_INVALID',
      `"${input.manifestDigest}" is not a manifest digest (sha256:<hex>)`,
    );
  }
  const annotations = input.annotations ?? {};
  for (const [name, value] of Object.entries(annotations)) {
    if (!isGoEncodable(name) || !isGoEncodable(value)) {
      throw fail('PAYLOAD_INPUT_INVALID', `annotation "${name}" must be text or a safe integer`);
    }
  }
  const optional = Object.keys(annotations).length === 0 ? 'null' : goJsonMap(annotations);
  const text =
    `{"critical":{"identity":{"docker-reference":${goJsonString(input.dockerReference)}},` +
    `"image":{"docker-manifest-digest":${goJsonString(input.manifestDigest)}},` +
    `"type":${goJsonString(COSIGN_SIGNATURE_TYPE)}},"optional":${optional}}`;
  return new TextEncoder().encode(text);
}

/**
 * Parses a payload (attacker-controlled until its signature is checked). Unknown members
 * inside `critical` are rejected, as the containers-signature spec requires of critical
 * data; unknown top-level members are ignored, as cosign does. `type` is returned as
 * found so the verifier can report a foreign type precisely.
 */
export function parseSimpleSigningPayload(bytes: Uint8Array, what: string): SimpleSigningPayload {
  const invalid = (problem: string) => fail('SIGNATURE_PAYLOAD_INVALID', `${what}: ${problem}`);
  if (bytes.length > MAX_PAYLOAD_BYTES)
    throw invalid(`payload is larger than ${MAX_PAYLOAD_BYTES} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('payload is not UTF-8 JSON');
  }
  const root = record(doc, 'payload', invalid);
  const critical = record(root.critical, 'critical', invalid);
  onlyKeys(critical, ['identity', 'image', 'type'], 'critical', invalid);
  const identity = record(critical.identity, 'critical.identity', invalid);
  onlyKeys(identity, ['docker-reference'], 'critical.identity', invalid);
  const image = record(critical.image, 'critical.image', invalid);
  onlyKeys(image, ['docker-manifest-digest'], 'critical.image', invalid);
  const dockerReference = identity['docker-reference'];
  const manifestDigest = image['docker-manifest-digest'];
  const type = critical.type;
  if (typeof dockerReference !== 'string')
    throw invalid('critical.identity.docker-reference must be a string');
  if (typeof manifestDigest !== 'string' || !isDigest(manifestDigest)) {
    throw invalid('critical.image.docker-manifest-digest must be a digest such as sha256:<hex>');
  }
  if (typeof type !== 'string') throw invalid('critical.type must be a string');
  const optional =
    root.optional === undefined || root.optional === null
      ? null
      : record(root.optional, 'optional', invalid);
  return { dockerReference, manifestDigest, type, optional };
}

function record(
  value: unknown,
  path: string,
  invalid: (problem: string) => Error,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${path} must be a JSON object`);
  return value as Record<string, unknown>;
}

function onlyKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  invalid: (problem: string) => Error,
): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0)
    throw invalid(`${path} has unknown member(s) ${unknown.map((k) => `"${k}"`).join(', ')}`);
}
