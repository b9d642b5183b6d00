/**
 * Dead Simple Signing Envelope (secure-systems-lab/dsse, envelope.md and protocol.md):
 * the envelope cosign attestations and Sigstore bundles carry, and the pre-authentication
 * encoding (PAE) that is what a DSSE signature actually signs.
 */
import { decodeBase64, encodeBase64 } from './base64.js';
import { errorFactory } from './errors.js';

export const DSSE_ERRORS = {
  DSSE_ENVELOPE_INVALID: {
    category: 'verification',
    summary:
      'A DSSE envelope is not JSON of the form {payloadType, payload, signatures[{keyid, sig}]}.',
  },
} as const;

const fail = errorFactory(DSSE_ERRORS);

/** Payload type of in-toto statements (in-toto attestation spec, envelope.md). */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** Bound on an envelope we parse: cosign's default attachment limit is far larger, but SBOM attestations stay well under this. */
export const MAX_DSSE_ENVELOPE_BYTES = 64 * 1024 * 1024;

export interface DsseSignature {
  /** Optional, unauthenticated hint; never trust it to pick a key without verifying. */
  readonly keyid: string;
  readonly sig: Uint8Array;
}

export interface DsseEnvelope {
  readonly payloadType: string;
  readonly payload: Uint8Array;
  readonly signatures: readonly DsseSignature[];
}

const encoder = new TextEncoder();

/**
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as ASCII
 * decimal byte counts (protocol.md). Signing the PAE rather than the payload binds the
 * payload type, so a payload cannot be replayed under another type.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = encoder.encode(payloadType);
  const head = encoder.encode(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

/**
 * Parses an envelope (attacker-controlled input). Payload and signatures are standard
 * base64 as the Go and JavaScript producers write them. At least one signature is required.
 */
export function parseDsseEnvelope(input: Uint8Array | string, what: string): DsseEnvelope {
  if (input.length > MAX_DSSE_ENVELOPE_BYTES) {
    throw fail('DSSE_ENVELOPE_INVALID', `${what} is larger than ${MAX_DSSE_ENVELOPE_BYTES} bytes`);
  }
  let doc: unknown;
  try {
    const text =
      typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    doc = JSON.parse(text);
  } catch (error) {
    throw fail('DSSE_ENVELOPE_INVALID', `${what} is not UTF-8 JSON`, { cause: error });
  }
  return dsseEnvelopeFromJson(doc, what);
}

/**
 * An envelope from JSON already parsed as part of a larger document (a Sigstore bundle's
 * `dsseEnvelope`), checked exactly as `parseDsseEnvelope` checks it; still attacker-controlled.
 */
export function dsseEnvelopeFromJson(doc: unknown, what: string): DsseEnvelope {
  if (!isRecord(doc)) throw fail('DSSE_ENVELOPE_INVALID', `${what} is not a JSON object`);
  const { payloadType, payload, signatures } = doc;
  if (typeof payloadType !== 'string' || payloadType === '') {
    throw fail('DSSE_ENVELOPE_INVALID', `${what}: payloadType must be a non-empty string`);
  }
  if (typeof payload !== 'string')
    throw fail('DSSE_ENVELOPE_INVALID', `${what}: payload must be a base64 string`);
  if (!Array.isArray(signatures) || signatures.length === 0) {
    throw fail('DSSE_ENVELOPE_INVALID', `${what}: signatures must be a non-empty array`);
  }
  return {
    payloadType,
    payload: decode(payload, `${what}: payload`),
    signatures: signatures.map((entry: unknown, index) => {
      const where = `${what}: signatures[${index}]`;
      if (!isRecord(entry) || typeof entry.sig !== 'string') {
        throw fail('DSSE_ENVELOPE_INVALID', `${where} must be an object with a base64 "sig"`);
      }
      const keyid = entry.keyid ?? '';
      if (typeof keyid !== 'string')
        throw fail('DSSE_ENVELOPE_INVALID', `${where}.keyid must be a string`);
      const sig = decode(entry.sig, `${where}.sig`);
      if (sig.length === 0) throw fail('DSSE_ENVELOPE_INVALID', `${where}.sig is empty`);
      return { keyid, sig };
    }),
  };
}

/** The JSON text, members in the order go-securesystemslib writes them. */
export function encodeDsseEnvelope(envelope: DsseEnvelope): string {
  return JSON.stringify({
    payloadType: envelope.payloadType,
    payload: encodeBase64(envelope.payload),
    signatures: envelope.signatures.map((s) => ({ keyid: s.keyid, sig: encodeBase64(s.sig) })),
  });
}

function decode(text: string, what: string): Uint8Array {
  try {
    return decodeBase64(text, what);
  } catch (error) {
    throw fail('DSSE_ENVELOPE_INVALID', `${what} is not valid base64`, { cause: error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
