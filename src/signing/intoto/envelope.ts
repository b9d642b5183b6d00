/**
 * Opens a DSSE envelope holding an in-toto statement and checks it in the order that
 * leaks least to an attacker: envelope shape, payload type (DSSE envelope.md binds it
 * into the signature through the PAE), signature, then the statement's own fields,
 * predicate type and subject. Every refusal is returned as data (see refusal.ts).
 */
import {
  IN_TOTO_PAYLOAD_TYPE,
  parseDsseEnvelope,
  preAuthEncoding,
  type DsseEnvelope,
} from '../../core/dsse.js';
import { describeError } from '../../core/errors.js';
import type { StatementRefusal } from './refusal.js';
import {
  MAX_STATEMENT_BYTES,
  readStatement,
  subjectFor,
  type InTotoStatement,
} from './statement.js';

export interface OpenEnvelopeOptions {
  /** True when `sig` over the PAE bytes verifies with a trusted key; omitted: not checked here. */
  readonly verify?: (pae: Uint8Array, sig: Uint8Array) => boolean;
  /** The predicate type asked for. */
  readonly predicateType?: string;
  /** `alg:hex` some subject must name (the image or file digest). */
  readonly subjectDigest?: string;
  readonly maxBytes?: number;
}

export type EnvelopeOpened =
  | {
      readonly ok: true;
      readonly envelope: DsseEnvelope;
      readonly statement: InTotoStatement;
    }
  | { readonly ok: false; readonly refusal: StatementRefusal };

export function openStatementEnvelope(
  input: Uint8Array | DsseEnvelope,
  options: OpenEnvelopeOptions = {},
): EnvelopeOpened {
  let envelope: DsseEnvelope;
  if (input instanceof Uint8Array) {
    try {
      envelope = parseDsseEnvelope(input, 'DSSE envelope');
    } catch (error) {
      return { ok: false, refusal: { reason: 'envelope', detail: describeError(error) } };
    }
  } else envelope = input;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return { ok: false, refusal: { reason: 'payload-type', payloadType: envelope.payloadType } };
  const maxBytes = options.maxBytes ?? MAX_STATEMENT_BYTES;
  if (envelope.payload.length > maxBytes) {
    const refusal: StatementRefusal = {
      reason: 'too-large',
      bytes: envelope.payload.length,
      limit: maxBytes,
    };
    return { ok: false, refusal };
  }
  const { verify } = options;
  if (verify !== undefined) {
    const pae = preAuthEncoding(envelope.payloadType, envelope.payload);
    if (!envelope.signatures.some((s) => verify(pae, s.sig)))
      return { ok: false, refusal: { reason: 'signature' } };
  }
  const read = readStatement(envelope.payload, maxBytes);
  if (!read.ok) return read;
  const { statement } = read;
  const wanted = options.predicateType;
  if (wanted !== undefined && statement.predicateType !== wanted) {
    const refusal: StatementRefusal = {
      reason: 'predicate-type',
      predicateType: statement.predicateType,
      wanted,
    };
    return { ok: false, refusal };
  }
  const digest = options.subjectDigest;
  if (digest !== undefined && subjectFor(statement, digest) === undefined)
    return { ok: false, refusal: { reason: 'subject', digest } };
  return { ok: true, envelope, statement };
}
