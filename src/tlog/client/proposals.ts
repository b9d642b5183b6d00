/**
 * Proposed entries in the shapes sigstore-js and cosign send (reference section 1.2;
 * sigstore-js packages/sign/src/witness/tlog/entry.ts): keys and certificates travel as
 * base64 of their PEM text, signatures as base64 of their bytes.
 */
import { encodeBase64 } from '../../core/base64.js';

export type HashedRekordAlgorithm = 'sha256' | 'sha384' | 'sha512';

export interface HashedRekordInput {
  readonly algorithm: HashedRekordAlgorithm;
  /** Lowercase hex digest of the signed artifact. */
  readonly digestHex: string;
  readonly signature: Uint8Array;
  readonly publicKeyPem: string;
}

/** hashedrekord 0.0.1: the log verifies `signature` over the digest alone. */
export function hashedRekordProposal(input: HashedRekordInput): Record<string, unknown> {
  return {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: input.algorithm, value: input.digestHex } },
      signature: {
        content: encodeBase64(input.signature),
        publicKey: { content: encodeBase64(new TextEncoder().encode(input.publicKeyPem)) },
      },
    },
  };
}

/**
 * dsse 0.0.1: `envelopeJson` is the DSSE envelope serialized exactly as it will be stored
 * (the log keeps the SHA-256 of this string), verified with every one of `publicKeyPems`.
 */
export function dsseProposal(
  envelopeJson: string,
  publicKeyPems: readonly string[],
): Record<string, unknown> {
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      proposedContent: {
        envelope: envelopeJson,
        verifiers: publicKeyPems.map((pem) => encodeBase64(new TextEncoder().encode(pem))),
      },
    },
  };
}
