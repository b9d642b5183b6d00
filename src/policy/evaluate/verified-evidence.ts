/**
 * What the engine verified for an image, and by whom: the signatures and attestations that
 * passed an authority's checks, each with its signer in words a security person reads, the
 * layout it was read from and, for signatures, the transparency-log index when the entry
 * itself was verified. Only successful verifications are listed: a claim an image carries
 * (a log index in an unverified annotation, a certificate the authority did not judge) is
 * never reported. Decision records and check reports state it as the image's evidence.
 */
import type { KeySpec } from '../types.js';

/** How the code names where a signature was read (evidence.ts SignatureEvidence, notation). */
export const SIGNATURE_LAYOUTS = {
  legacy: 'cosign .sig tag',
  bundle: 'sigstore bundle referrer',
  notation: 'notation',
} as const;

export interface VerifiedSignature {
  /** `key sha256:<fingerprint> (secret ci-key)`, `dev@example.com issued by https://…`, a DN. */
  readonly signer: string;
  readonly layout: (typeof SIGNATURE_LAYOUTS)[keyof typeof SIGNATURE_LAYOUTS];
  /** The Rekor entry's index, only when the entry was verified against a trusted log. */
  readonly logIndex?: number;
}

export interface VerifiedAttestation {
  readonly predicateType: string;
  readonly signer: string;
}

export interface VerifiedEvidence {
  readonly signatures: readonly VerifiedSignature[];
  readonly attestations: readonly VerifiedAttestation[];
}

/**
 * Listed per image; a decision names who signed, not every copy. Twenty covers an image signed
 * by each of many teams and keeps a record bounded whatever an attacker attaches.
 */
export const MAX_VERIFIED_LISTED = 20;

/**
 * Longest signer and predicate type kept, as the server's `ImageEvidence` schema accepts them
 * (src/ui/openapi/schemas.ts): a certificate subject can be long, and a report the server
 * refuses would lose the whole decision.
 */
export const MAX_SIGNER_CHARS = 1024;
export const MAX_PREDICATE_TYPE_CHARS = 512;

/**
 * A key authority's signer: the key's fingerprint (SHA-256 of its SubjectPublicKeyInfo, as
 * `signet` and cosign tooling print it) and, for `key.secretRef`, the Secret that held it.
 */
export function keySigner(spec: KeySpec, keyId: string): string {
  const fingerprint = `key sha256:${keyId}`;
  return spec.kind === 'secret' ? `${fingerprint} (secret ${spec.secretName})` : fingerprint;
}

/** A certificate identity, as Fulcio certificates carry it: SAN and OIDC issuer. */
export function identitySigner(subject: string, issuer: string): string {
  if (issuer === '') return subject === '' ? 'certificate without identity' : subject;
  return `${subject === '' ? 'certificate' : subject} issued by ${issuer}`;
}

/** The union of several outcomes, duplicates dropped, in first-seen order, bounded. */
export function mergeVerified(parts: readonly (VerifiedEvidence | undefined)[]): VerifiedEvidence {
  const signatures = new Map<string, VerifiedSignature>();
  const attestations = new Map<string, VerifiedAttestation>();
  for (const part of parts) {
    for (const found of part?.signatures ?? []) {
      const s = { ...found, signer: bounded(found.signer, MAX_SIGNER_CHARS) };
      const id = JSON.stringify([s.signer, s.layout, s.logIndex ?? null]);
      if (signatures.size < MAX_VERIFIED_LISTED && !signatures.has(id)) signatures.set(id, s);
    }
    for (const found of part?.attestations ?? []) {
      const a = {
        predicateType: bounded(found.predicateType, MAX_PREDICATE_TYPE_CHARS),
        signer: bounded(found.signer, MAX_SIGNER_CHARS),
      };
      const id = JSON.stringify([a.predicateType, a.signer]);
      if (attestations.size < MAX_VERIFIED_LISTED && !attestations.has(id)) attestations.set(id, a);
    }
  }
  return { signatures: [...signatures.values()], attestations: [...attestations.values()] };
}

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
