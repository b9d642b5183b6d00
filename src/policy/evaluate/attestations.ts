/**
 * Judges one required attestation (`authorities[].attestations[]`): some DSSE envelope
 * must be signed by the authority's key over its PAE (DSSE protocol.md), carry an in-toto
 * statement about this image's digest with the required predicate type, and satisfy the
 * CEL condition. Envelopes are attacker-controlled until their signature verifies; they
 * are opened by the one in-toto reader (signing/intoto), whose refusal reasons end up in
 * the denial so that an operator sees which envelope failed and on which field. SLSA
 * provenance checks (builder, source, build type) are written as CEL conditions over the
 * predicate (docs/attestations.md); the schema itself is not enforced here, since
 * policies already in use check provenance-typed statements of other shapes.
 */
import type { PublicKey } from '../../core/keys/index.js';
import { describeRefusal, openStatementEnvelope } from '../../signing/intoto/index.js';
import type { CelCondition } from '../cel-condition.js';
import type { PolicyHash } from '../types.js';
import type { AttestationEnvelope } from './evidence.js';
import { keyVerifies } from './key-check.js';

/** Envelopes judged per attestation; cosign appends one per `attest`, so real images have a few. */
const MAX_ENVELOPES = 100;
/** Distinct refusal reasons quoted in a denial; the rest are counted. */
const MAX_REASONS = 3;

export type AttestationCheck = { ok: true } | { ok: false; detail: string };

export function checkAttestation(
  key: PublicKey,
  hash: PolicyHash | undefined,
  predicateType: string,
  condition: CelCondition | undefined,
  envelopes: readonly AttestationEnvelope[],
  imageDigest: string,
): AttestationCheck {
  const verified: Readonly<Record<string, unknown>>[] = [];
  const refusals: string[] = [];
  for (const [index, candidate] of envelopes.slice(0, MAX_ENVELOPES).entries()) {
    const opened = openStatementEnvelope(candidate.envelope, {
      verify: (pae, sig) => keyVerifies(key, hash, pae, sig),
      predicateType,
      subjectDigest: imageDigest,
    });
    if (opened.ok) verified.push(opened.statement.json);
    else refusals.push(describeRefusal(`attestation ${index + 1}`, opened.refusal));
  }
  if (verified.length === 0) {
    const seen = envelopes.length;
    if (seen === 0) return { ok: false, detail: `no attestation of type ${predicateType} found` };
    const found = seen === 1 ? '1 attestation' : `${seen} attestations`;
    return {
      ok: false,
      detail: `${found} found, none of type ${predicateType} verifies with the key for this image (${summarise(refusals)})`,
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
    verified.length === 1
      ? 'the verified attestation'
      : `none of ${verified.length} verified attestations`;
  return {
    ok: false,
    detail: `${count} satisfies the condition: ${[...new Set(failures)].join('; ')}`,
  };
}

function summarise(refusals: readonly string[]): string {
  const shown = refusals.slice(0, MAX_REASONS).join('; ');
  const more = refusals.length - MAX_REASONS;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}
