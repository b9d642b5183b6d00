/**
 * What a Notary Project signature envelope says, independent of its encoding (JWS or
 * COSE): the signer info of notation-core-go's model, read from attacker-controlled bytes
 * and not yet verified.
 */
import type { X509Certificate } from 'node:crypto';
import type { SignatureAlgorithm } from './algorithms.js';

export const JWS_MEDIA_TYPE = 'application/jose+json';
export const COSE_MEDIA_TYPE = 'application/cose';
export type EnvelopeFormat = 'jws' | 'cose';

export const ENVELOPE_MEDIA_TYPES: Readonly<Record<EnvelopeFormat, string>> = {
  jws: JWS_MEDIA_TYPE,
  cose: COSE_MEDIA_TYPE,
};

/**
 * `notary.x509`: the signing time is the signer's claim, trusted only through an RFC 3161
 * timestamp countersignature; `notary.x509.signingAuthority`: the signing authority
 * asserts the time (`authenticSigningTime`) and is trusted for it.
 */
export type SigningScheme = 'notary.x509' | 'notary.x509.signingAuthority';
export const SIGNING_SCHEMES: readonly SigningScheme[] = [
  'notary.x509',
  'notary.x509.signingAuthority',
];

/** Header names of the specification (signature-envelope-jws.md, signature-envelope-cose.md). */
export const HEADER = {
  signingScheme: 'io.cncf.notary.signingScheme',
  signingTime: 'io.cncf.notary.signingTime',
  authenticSigningTime: 'io.cncf.notary.authenticSigningTime',
  expiry: 'io.cncf.notary.expiry',
  signingAgent: 'io.cncf.notary.signingAgent',
  timestampSignature: 'io.cncf.notary.timestampSignature',
  verificationPlugin: 'io.cncf.notary.verificationPlugin',
  verificationPluginMinVersion: 'io.cncf.notary.verificationPluginMinVersion',
} as const;

export interface SignedAttributes {
  readonly signingScheme: SigningScheme;
  /** signingTime (notary.x509) or authenticSigningTime (signingAuthority). */
  readonly signingTime: Date;
  readonly expiry?: Date;
  readonly contentType: string;
  /** Header names listed as critical. */
  readonly critical: readonly string[];
  /** Other signed headers (extended attributes), by name. */
  readonly extended: Readonly<Record<string, unknown>>;
}

export interface SignerInfo {
  readonly format: EnvelopeFormat;
  readonly payload: Uint8Array;
  readonly signedAttributes: SignedAttributes;
  readonly algorithm: SignatureAlgorithm;
  /** Leaf first, root (or the certificate before it) last. */
  readonly certificateChain: readonly X509Certificate[];
  readonly signature: Uint8Array;
  /** The bytes the signature covers (JWS signing input, COSE Sig_structure). */
  readonly signedBytes: Uint8Array;
  readonly signingAgent?: string;
  /** DER TimeStampToken of an RFC 3161 countersignature over `signature`. */
  readonly timestampToken?: Uint8Array;
}

/**
 * Headers this implementation understands, and so may be critical. A critical
 * verificationPlugin is refused: Signet runs no verification plugins, and skipping a
 * check the signer made mandatory would accept what the signer meant to refuse.
 */
export const KNOWN_CRITICAL = new Set<string>([
  HEADER.signingScheme,
  HEADER.expiry,
  HEADER.authenticSigningTime,
]);

/** An encoded envelope and its media type, as stored in a signature manifest's layer. */
export interface NotationEnvelopeRef {
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}
