/**
 * Verifies an image's Notary Project signatures under a trust policy document, as
 * `notation verify` does: the statement for the image's `registry/repository` scope
 * applies (else the `*` one; none is an error), level skip passes without reading any
 * signature, and otherwise the image is verified when one of its signatures passes every
 * enforced check. Pure: the envelopes are fetched by the caller.
 */
import { notationError, type VerificationCheck } from './errors.js';
import { selectTrustPolicy } from './trust-policy.js';
import type { TrustPolicyDocument, TrustPolicyStatement } from './trust-policy-types.js';
import type { TrustMaterial } from './trust-store.js';
import { verifyNotationSignature, type CheckResult } from './verify-signature.js';

export interface FetchedEnvelope {
  /** Digest of the signature manifest (the referrer). */
  readonly manifestDigest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

export interface ImageVerificationRequest {
  /** `registry/repository@digest`, for messages. */
  readonly image: string;
  /** `registry/repository`: the trust policy's registry scope. */
  readonly scope: string;
  readonly digest: string;
  readonly policy: TrustPolicyDocument;
  readonly trust: TrustMaterial;
  readonly now: Date;
}

export interface ImageVerification {
  readonly statement: TrustPolicyStatement;
  /** The signature that passed; undefined for level skip. */
  readonly signature?: {
    readonly manifestDigest: string;
    readonly signer?: string;
    readonly checks: readonly CheckResult[];
  };
  /** Failures of checks set to log, to be written to the audit log. */
  readonly logged: readonly string[];
}

export function statementFor(
  policy: TrustPolicyDocument,
  scope: string,
  image: string,
): TrustPolicyStatement {
  const statement = selectTrustPolicy(policy, scope);
  if (statement === undefined) {
    throw notationError(
      'NOTATION_NO_TRUST_POLICY',
      `no trust policy statement applies to ${image}: none has registry scope ${scope} or *; add the scope to a statement`,
      { details: { image, scope } },
    );
  }
  return statement;
}

/** Throws NOTATION_SIGNATURE_NOT_FOUND or NOTATION_VERIFICATION_FAILED naming the image and check. */
export async function verifyImageSignatures(
  request: ImageVerificationRequest,
  envelopes: readonly FetchedEnvelope[],
): Promise<ImageVerification> {
  const statement = statementFor(request.policy, request.scope, request.image);
  if (statement.level === 'skip') return { statement, logged: [] };
  if (envelopes.length === 0) {
    throw notationError(
      'NOTATION_SIGNATURE_NOT_FOUND',
      `${request.image} has no Notary Project signature (no referrer of artifact type application/vnd.cncf.notary.signature)`,
      { details: { image: request.image } },
    );
  }
  const failures: { reason: string; check: VerificationCheck }[] = [];
  for (const envelope of envelopes) {
    const verdict = await verifyNotationSignature({
      image: request.image,
      digest: request.digest,
      envelope: envelope.bytes,
      mediaType: envelope.mediaType,
      statement,
      trust: request.trust,
      now: request.now,
    });
    if (verdict.ok) {
      return {
        statement,
        signature: {
          manifestDigest: envelope.manifestDigest,
          checks: verdict.checks,
          ...(verdict.signer === undefined ? {} : { signer: verdict.signer }),
        },
        logged: verdict.logged,
      };
    }
    failures.push({
      reason: `signature ${envelope.manifestDigest}: ${verdict.reason}`,
      check: verdict.failedCheck,
    });
  }
  throw notationError(
    'NOTATION_VERIFICATION_FAILED',
    `no Notary Project signature of ${request.image} passes trust policy "${statement.name}": ${failures.map((f) => f.reason).join('; ')}`,
    {
      details: {
        image: request.image,
        trustPolicy: statement.name,
        failedChecks: failures.map((f) => f.check),
      },
    },
  );
}
