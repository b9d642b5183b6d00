/**
 * What a Sigstore bundle attached to an image stands for. cosign v3 signs an image with a
 * DSSE envelope holding an in-toto statement of predicate type
 * `https://sigstore.dev/cosign/sign/v1` (its signature), and attests with DSSE envelopes
 * of other predicate types; a message-signature bundle is a signature too. Read before
 * verification only to route a bundle (to the signature or the attestation checks): what
 * decides is the verified statement.
 */
import { decodeBase64 } from '../../core/base64.js';
import { SIGN_PREDICATE_TYPE } from '../../signing/bundle/statement.js';

export type BundleRole = 'signature' | 'attestation';

export function bundleRole(bundle: unknown): BundleRole {
  const statement = bundleStatement(bundle);
  if (statement === undefined) return hasEnvelope(bundle) ? 'attestation' : 'signature';
  return statement.predicateType === SIGN_PREDICATE_TYPE ? 'signature' : 'attestation';
}

/** The in-toto statement of a DSSE bundle (protobuf JSON: the payload is base64). */
export function bundleStatement(bundle: unknown): Record<string, unknown> | undefined {
  if (!hasEnvelope(bundle)) return undefined;
  const payload = (bundle as { dsseEnvelope: { payload?: unknown } }).dsseEnvelope.payload;
  if (typeof payload !== 'string') return undefined;
  try {
    const bytes = decodeBase64(payload, 'DSSE payload');
    const statement: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement))
      return undefined;
    return statement as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function hasEnvelope(bundle: unknown): boolean {
  const envelope = (bundle as { dsseEnvelope?: unknown } | null)?.dsseEnvelope;
  return typeof envelope === 'object' && envelope !== null;
}
