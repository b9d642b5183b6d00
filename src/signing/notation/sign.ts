/**
 * Makes a Notary Project signature envelope (JWS or COSE) over a target artifact
 * descriptor, with the signing key's certificate chain (leaf first, root last) in it.
 * notary.x509 writes signingTime; notary.x509.signingAuthority writes the critical
 * authenticSigningTime. An expiry, when given, is signed and critical.
 */
import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { requireAlgorithmForKey, signWithAlgorithm } from './algorithms.js';
import { checkChainStructure } from './certificate-chain.js';
import { coseProtectedHeader, coseSigningInput, encodeCoseEnvelope } from './cose-envelope.js';
import {
  ENVELOPE_MEDIA_TYPES,
  HEADER,
  type EnvelopeFormat,
  type NotationEnvelopeRef,
  type SigningScheme,
} from './envelope-types.js';
import { notationError } from './errors.js';
import {
  encodeJwsEnvelope,
  jwsProtectedHeader,
  jwsSigningInput,
  type EnvelopeParts,
} from './jws-envelope.js';
import { encodePayload, PAYLOAD_CONTENT_TYPE, type TargetArtifact } from './payload.js';

export interface NotationSignRequest {
  readonly format: EnvelopeFormat;
  readonly target: TargetArtifact;
  readonly privateKey: KeyObject;
  /** Leaf first; must end with the self-signed root. */
  readonly chain: readonly X509Certificate[];
  readonly scheme?: SigningScheme;
  /** Default now; whole seconds are signed. */
  readonly signingTime?: Date;
  readonly expiry?: Date;
  readonly signingAgent?: string;
}

export type NotationEnvelope = NotationEnvelopeRef;

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

export function signNotationEnvelope(request: NotationSignRequest): NotationEnvelope {
  const what = `the signature of ${request.target.digest}`;
  if (request.chain.length === 0)
    throw notationError(
      'NOTATION_SIGN_INPUT_INVALID',
      'signing needs the certificate chain of the key (--cert)',
    );
  const algorithm = requireAlgorithmForKey(request.privateKey, 'the signing key');
  const leaf = request.chain[0]!;
  const publicDer = createPublicKey(request.privateKey).export({ type: 'spki', format: 'der' });
  if (!publicDer.equals(leaf.publicKey.export({ type: 'spki', format: 'der' })))
    throw notationError(
      'NOTATION_SIGN_INPUT_INVALID',
      `the signing key does not belong to certificate ${leaf.subject.replace(/\n/g, ', ')}`,
    );
  checkChainStructure(request.chain, what);
  const signingTime = wholeSeconds(request.signingTime ?? new Date());
  const expiry = request.expiry === undefined ? undefined : wholeSeconds(request.expiry);
  if (expiry !== undefined && expiry <= signingTime)
    throw notationError(
      'NOTATION_SIGN_INPUT_INVALID',
      `the expiry ${expiry.toISOString()} is not after the signing time`,
    );
  const scheme = request.scheme ?? 'notary.x509';
  const critical: string[] = [HEADER.signingScheme];
  if (expiry !== undefined) critical.push(HEADER.expiry);
  if (scheme === 'notary.x509.signingAuthority') critical.push(HEADER.authenticSigningTime);
  const parts: EnvelopeParts = {
    payload: encodePayload(request.target),
    attributes: {
      signingScheme: scheme,
      signingTime,
      ...(expiry === undefined ? {} : { expiry }),
      contentType: PAYLOAD_CONTENT_TYPE,
      critical,
      extended: {},
    },
    algorithm,
    chain: request.chain,
    signingAgent: request.signingAgent ?? 'signet',
  };
  const protectedHeader =
    request.format === 'jws' ? jwsProtectedHeader(parts) : coseProtectedHeader(parts);
  const input =
    request.format === 'jws'
      ? jwsSigningInput(protectedHeader, parts.payload)
      : coseSigningInput(protectedHeader, parts.payload);
  const signature = signWithAlgorithm(algorithm, request.privateKey, input);
  const bytes =
    request.format === 'jws'
      ? encodeJwsEnvelope(parts, protectedHeader, signature)
      : encodeCoseEnvelope(parts, protectedHeader, signature);
  return { mediaType: ENVELOPE_MEDIA_TYPES[request.format], bytes };
}
