/** What verification reports: one result per signature layer and an overall verdict. */
import type { SimpleSigningPayload } from '../cosign/simple-signing.js';

export type LayerStatus = 'verified' | 'failed' | 'skipped';

/** Why a layer ended as it did; stable strings for JSON output and policy messages. */
export type LayerReason =
  | 'verified'
  | 'not-a-cosign-signature'
  | 'too-many-signatures'
  | 'signature-missing'
  | 'signature-malformed'
  | 'signature-invalid'
  | 'no-trusted-key'
  | 'certificate-invalid'
  | 'certificate-not-trusted'
  | 'payload-invalid'
  | 'payload-type-unknown'
  | 'digest-mismatch'
  | 'identity-mismatch'
  | 'annotation-mismatch';

export interface LayerChecks {
  readonly signature: 'ok' | 'failed' | 'not-checked';
  readonly digest: 'ok' | 'mismatch' | 'not-checked';
  /** `not-checked` when a Rekor bundle is attached: its SET is verified by a later stage, not here. */
  readonly tlog: 'absent' | 'not-checked';
  /** `not-checked` when a certificate is attached: its chain and identity are not evaluated here. */
  readonly certificate: 'absent' | 'not-checked';
}

export interface LayerResult {
  /** Position in the input list, from 0. */
  readonly index: number;
  readonly status: LayerStatus;
  readonly reason: LayerReason;
  /** One sentence for people; names the layer, never echoes signature bytes. */
  readonly message: string;
  /** keyId of the trusted key (or the certificate key) the signature verified with. */
  readonly keyId?: string;
  /** Present once the payload parsed; authenticated only when the signature check is `ok`. */
  readonly payload?: SimpleSigningPayload;
  readonly checks: LayerChecks;
}

export type VerificationCode = 'NO_SIGNATURES' | 'NO_MATCHING_SIGNATURE';

export interface VerificationResult {
  readonly ok: boolean;
  readonly code?: VerificationCode;
  readonly imageDigest: string;
  readonly layers: readonly LayerResult[];
  /** Results with status `verified`, in input order. */
  readonly verified: readonly LayerResult[];
  readonly message: string;
}
