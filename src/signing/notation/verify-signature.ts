/**
 * Verifies one Notary Project signature of an image under the trust policy statement that
 * applies to it (trust-store-trust-policy.md, "Signature Verification"), running the
 * checks in order and applying the statement's action to each: enforce fails the
 * signature, log records the failure and goes on, skip does not run the check.
 *
 * - integrity: the envelope is well formed, its signature verifies with the leaf's key,
 *   and its payload names the image's digest (always enforced unless the level is skip);
 * - authenticity: the chain is well formed, one of its certificates is in a trust store the
 *   statement names (ca for notary.x509, signingAuthority for signingAuthority), and the
 *   leaf's subject matches a trusted identity;
 * - authenticTimestamp: the chain is valid at the authentic signing time (the time the
 *   signing authority asserts; for notary.x509, verification time);
 * - expiry: the signature's signed expiry has not passed;
 * - revocation: no certificate of the chain is revoked by a CRL given locally.
 */
import { isSignetError } from '../../core/errors.js';
import { anchoredIn, checkChainStructure, invalidAt } from './certificate-chain.js';
import { checkRevocation } from './crl.js';
import { verifyTimestamp } from './timestamp.js';
import { matchesIdentity, subjectOf, formatDistinguishedName } from './distinguished-name.js';
import { checkIntegrity, decodeEnvelope } from './envelope.js';
import type { SignerInfo } from './envelope-types.js';
import { notationError, VERIFICATION_CHECKS, type VerificationCheck } from './errors.js';
import type { CheckAction, TrustPolicyStatement } from './trust-policy-types.js';
import type { TrustMaterial } from './trust-store.js';

export interface CheckResult {
  readonly check: VerificationCheck;
  readonly action: CheckAction;
  readonly result: 'passed' | 'failed' | 'skipped';
  readonly detail?: string;
}

export type SignatureVerdict =
  | {
      readonly ok: true;
      readonly checks: readonly CheckResult[];
      readonly signer?: string;
      readonly logged: readonly string[];
    }
  | {
      readonly ok: false;
      readonly checks: readonly CheckResult[];
      readonly failedCheck: VerificationCheck;
      readonly reason: string;
    };

export interface VerifySignatureRequest {
  /** The image as the user named it, pinned by digest, for messages. */
  readonly image: string;
  readonly digest: string;
  readonly envelope: Uint8Array;
  readonly mediaType: string;
  readonly statement: TrustPolicyStatement;
  readonly trust: TrustMaterial;
  readonly now: Date;
}

export async function verifyNotationSignature(
  request: VerifySignatureRequest,
): Promise<SignatureVerdict> {
  const { statement } = request;
  const what = `the Notary signature of ${request.image}`;
  const checks: CheckResult[] = [];
  const logged: string[] = [];
  if (statement.level === 'skip') {
    return {
      ok: true,
      checks: VERIFICATION_CHECKS.map((check) => ({ check, action: 'skip', result: 'skipped' })),
      logged,
    };
  }
  let info: SignerInfo;
  try {
    info = decodeEnvelope(request.envelope, request.mediaType, what);
    const target = checkIntegrity(info, what);
    if (target.digest !== request.digest)
      throw notationError(
        'NOTATION_VERIFICATION_FAILED',
        `integrity check of ${what} failed: it signs ${target.digest}, not ${request.digest}`,
      );
  } catch (error) {
    if (!isSignetError(error)) throw error;
    // Decoding problems name the signature but not the check: say which one failed.
    const reason =
      error.code === 'NOTATION_VERIFICATION_FAILED'
        ? error.message
        : `integrity check failed: ${error.message} [${error.code}]`;
    checks.push({ check: 'integrity', action: 'enforce', result: 'failed', detail: reason });
    return { ok: false, checks, failedCheck: 'integrity', reason };
  }
  checks.push({ check: 'integrity', action: 'enforce', result: 'passed' });

  const outcomes: Record<
    Exclude<VerificationCheck, 'integrity'>,
    () => Promise<string | undefined> | string | undefined
  > = {
    authenticity: () => authenticity(info, statement, request.trust, what),
    authenticTimestamp: () => {
      const time = authenticTime(info, statement, request, what);
      const problem = invalidAt(info.certificateChain, time);
      return problem === undefined ? undefined : `${problem} (checked at ${time.toISOString()})`;
    },
    expiry: () => {
      const expiry = info.signedAttributes.expiry;
      return expiry !== undefined && request.now > expiry
        ? `the signature expired at ${expiry.toISOString()}`
        : undefined;
    },
    revocation: async () => {
      const status = await checkRevocation(info.certificateChain, request.trust.crls, request.now);
      if (status.status === 'revoked') return status.detail;
      // Without any CRL, revocation checking is not configured: nothing to say per image.
      if (status.status === 'unknown' && request.trust.crls.length > 0)
        logged.push(`revocation of ${what} not established: ${status.detail}`);
      return undefined;
    },
  };
  for (const check of VERIFICATION_CHECKS.slice(1) as Exclude<VerificationCheck, 'integrity'>[]) {
    const action = statement.actions[check];
    if (action === 'skip') {
      checks.push({ check, action, result: 'skipped' });
      continue;
    }
    let problem: string | undefined;
    try {
      problem = await outcomes[check]();
    } catch (error) {
      if (!isSignetError(error)) throw error;
      problem = error.message;
    }
    if (problem === undefined) {
      checks.push({ check, action, result: 'passed' });
      continue;
    }
    const reason = `${check} check of ${what} failed: ${problem}`;
    checks.push({ check, action, result: 'failed', detail: problem });
    if (action === 'enforce') return { ok: false, checks, failedCheck: check, reason };
    logged.push(
      `${reason} (logged, not enforced: trust policy "${statement.name}" level ${statement.level})`,
    );
  }
  return {
    ok: true,
    checks,
    signer: info.certificateChain[0]!.subject.replace(/\n/g, ', '),
    logged,
  };
}

/**
 * The time the chain must be valid at: the asserted signing time for signingAuthority;
 * for notary.x509 the time an RFC 3161 timestamp from a trusted TSA stamps, when the
 * signature carries one and the statement names tsa trust stores, else now.
 */
function authenticTime(
  info: SignerInfo,
  statement: TrustPolicyStatement,
  request: VerifySignatureRequest,
  what: string,
): Date {
  if (info.signedAttributes.signingScheme !== 'notary.x509')
    return info.signedAttributes.signingTime;
  const tsaStores = statement.trustStores.filter((s) => s.type === 'tsa');
  if (info.timestampToken === undefined || tsaStores.length === 0) return request.now;
  const tsaCertificates = tsaStores.flatMap(
    (s) => request.trust.trustStore.certificates(s.type, s.name) ?? [],
  );
  return verifyTimestamp(info.timestampToken, info.signature, tsaCertificates, what);
}

function authenticity(
  info: SignerInfo,
  statement: TrustPolicyStatement,
  trust: TrustMaterial,
  what: string,
): string | undefined {
  checkChainStructure(info.certificateChain, what);
  const storeType =
    info.signedAttributes.signingScheme === 'notary.x509' ? 'ca' : 'signingAuthority';
  const stores = statement.trustStores.filter((s) => s.type === storeType);
  if (stores.length === 0)
    return `the signing scheme ${info.signedAttributes.signingScheme} needs a ${storeType} trust store, and trust policy "${statement.name}" names none`;
  const trusted = stores.flatMap((s) => {
    const certs = trust.trustStore.certificates(s.type, s.name);
    if (certs === undefined)
      throw notationError(
        'NOTATION_TRUST_STORE_INVALID',
        `trust store ${s.type}:${s.name} named by trust policy "${statement.name}" does not exist`,
      );
    return certs;
  });
  if (!anchoredIn(info.certificateChain, trusted))
    return `no certificate of its chain is in trust store ${stores.map((s) => `${s.type}:${s.name}`).join(', ')} (untrusted CA)`;
  const subject = subjectOf(info.certificateChain[0]!.subject);
  const identityOk = statement.trustedIdentities.some(
    (id) => id.kind === 'any' || matchesIdentity(id.subject, subject),
  );
  if (!identityOk)
    return `signer ${formatDistinguishedName(subject)} is not a trusted identity of trust policy "${statement.name}"`;
  return undefined;
}
