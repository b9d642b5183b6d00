/**
 * Reading an envelope by its media type and checking its integrity (the specification's
 * first verification step): the signature verifies with the leaf certificate's key under
 * the algorithm that key fixes, and the payload is a Notary target artifact descriptor.
 */
import { publicKeyOf } from './certificate-der.js';
import { decodeCoseEnvelope } from './cose-envelope.js';
import { algorithmForKey, verifyWithAlgorithm } from './algorithms.js';
import { COSE_MEDIA_TYPE, JWS_MEDIA_TYPE, type SignerInfo } from './envelope-types.js';
import { notationError } from './errors.js';
import { decodeJwsEnvelope } from './jws-envelope.js';
import { parsePayload, type TargetArtifact } from './payload.js';

/** notation refuses signature blobs above 32 MiB; real ones are a few KiB (chain included). */
export const MAX_ENVELOPE_BYTES = 4 * 1024 * 1024;

export function decodeEnvelope(bytes: Uint8Array, mediaType: string, what: string): SignerInfo {
  if (bytes.length > MAX_ENVELOPE_BYTES)
    throw notationError(
      'NOTATION_ENVELOPE_INVALID',
      `${what} is ${bytes.length} bytes (limit ${MAX_ENVELOPE_BYTES})`,
    );
  if (mediaType === JWS_MEDIA_TYPE) return decodeJwsEnvelope(bytes, what);
  if (mediaType === COSE_MEDIA_TYPE) return decodeCoseEnvelope(bytes, what);
  throw notationError(
    'NOTATION_ENVELOPE_INVALID',
    `${what} has media type ${mediaType}; Notary Project envelopes are ${JWS_MEDIA_TYPE} or ${COSE_MEDIA_TYPE}`,
  );
}

/**
 * Checks the signature over the signed bytes with the leaf's key; returns the signed
 * target. Throws NOTATION_VERIFICATION_FAILED (check integrity) naming `what`.
 */
export function checkIntegrity(info: SignerInfo, what: string): TargetArtifact {
  const leaf = info.certificateChain[0]!;
  const leafKey = publicKeyOf(leaf);
  const expected = algorithmForKey(leafKey);
  const fail = (problem: string) =>
    notationError('NOTATION_VERIFICATION_FAILED', `integrity check of ${what} failed: ${problem}`, {
      details: { check: 'integrity' },
    });
  if (expected !== info.algorithm)
    throw fail(
      `the envelope names ${info.algorithm} but the signing certificate's key needs ${expected ?? 'an algorithm Notary Project signatures do not allow'}`,
    );
  if (!verifyWithAlgorithm(info.algorithm, leafKey, info.signedBytes, info.signature))
    throw fail('the signature does not verify with the signing certificate');
  return parsePayload(info.payload, what);
}
