/**
 * Judges one required attestation (`authorities[].attestations[]`): some DSSE envelope
 * must be signed by the authority's key over its PAE (DSSE protocol.md), carry an in-toto
 * statement about this image's digest with the required predicate type, and satisfy the
 * CEL condition. Envelopes are attacker-controlled until their signature verifies.
 */
import { parseDigest } from '../../core/digest.js';
import { IN_TOTO_PAYLOAD_TYPE, parseDsseEnvelope, preAuthEncoding } from '../../core/dsse.js';
import type { PublicKey } from '../../core/keys/index.js';
import type { CelCondition } from '../cel-condition.js';
import type { PolicyHash } from '../types.js';
import type { AttestationEnvelope } from './evidence.js';
import { keyVerifies } from './key-check.js';

/** in-toto Statement `_type`s cosign and other producers write (in-toto attestation spec v0.1 and v1). */
const STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

/** Envelopes judged per attestation; cosign appends one per `attest`, so real images have a few. */
const MAX_ENVELOPES = 100;

export type AttestationCheck = { ok: true } | { ok: false; detail: string };

export function checkAttestation(
  key: PublicKey,
  hash: PolicyHash | undefined,
  predicateType: string,
  condition: CelCondition | undefined,
  envelopes: readonly AttestationEnvelope[],
  imageDigest: string,
): AttestationCheck {
  const verified: Record<string, unknown>[] = [];
  let ofType = 0;
  for (const candidate of envelopes.slice(0, MAX_ENVELOPES)) {
    const statement = verifiedStatement(key, hash, candidate.envelope, imageDigest);
    if (statement === undefined || statement.predicateType !== predicateType) continue;
    ofType += 1;
    verified.push(statement);
  }
  if (verified.length === 0) {
    const seen = envelopes.length;
    return {
      ok: false,
      detail:
        seen === 0
          ? `no attestation of type ${predicateType} found`
          : `${seen === 1 ? '1 attestation' : `${seen} attestations`} found, none of type ${predicateType} verifies with the key for this image`,
    };
  }
  if (condition === undefined) return { ok: true };
  const failures: string[] = [];
  for (const statement of verified) {
    const outcome = condition.evaluate(statement);
    if (outcome.ok) return { ok: true };
    failures.push(outcome.reason);
  }
  const count =
    ofType === 1 ? 'the verified attestation' : `none of ${ofType} verified attestations`;
  return {
    ok: false,
    detail: `${count} satisfies the condition: ${[...new Set(failures)].join('; ')}`,
  };
}

/** The statement when the envelope verifies with the key and is about this image, else undefined. */
function verifiedStatement(
  key: PublicKey,
  hash: PolicyHash | undefined,
  bytes: Uint8Array,
  imageDigest: string,
): Record<string, unknown> | undefined {
  let envelope;
  try {
    envelope = parseDsseEnvelope(bytes, 'attestation envelope');
  } catch {
    return undefined;
  }
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return undefined;
  const signed = preAuthEncoding(envelope.payloadType, envelope.payload);
  if (!envelope.signatures.some((s) => keyVerifies(key, hash, signed, s.sig))) return undefined;
  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(envelope.payload));
  } catch {
    return undefined;
  }
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement))
    return undefined;
  const record = statement as Record<string, unknown>;
  if (!STATEMENT_TYPES.includes(record._type as string)) return undefined;
  return namesDigest(record.subject, imageDigest) ? record : undefined;
}

/** True when a subject's digest map holds the image digest (in-toto ResourceDescriptor). */
function namesDigest(subjects: unknown, imageDigest: string): boolean {
  if (!Array.isArray(subjects)) return false;
  const { algorithm, hex } = parseDigest(imageDigest);
  return subjects.some((s: unknown) => {
    const digests = (s as { digest?: unknown } | null)?.digest;
    return (
      typeof digests === 'object' &&
      digests !== null &&
      (digests as Record<string, unknown>)[algorithm] === hex
    );
  });
}
