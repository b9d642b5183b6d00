/**
 * The v0.3 Sigstore bundle for a signature over a file (protobuf-specs MessageSignature),
 * as `cosign sign-blob --key --bundle` (v3) writes it: the file's SHA-256, the signature
 * over the file, the key's hint and, when the signature was logged, its log entries.
 */
import { BUNDLE_V03_MEDIA_TYPE } from './sigstore-bundle.js';

export interface MessageSignatureBundleInput {
  /** SHA-256 of the signed file. */
  readonly sha256: Uint8Array;
  readonly signature: Uint8Array;
  readonly keyHint: string;
  /** TransparencyLogEntry JSON (tlog-entry-json.ts), if the signature was logged. */
  readonly tlogEntries?: readonly unknown[];
}

export function encodeMessageSignatureBundle(input: MessageSignatureBundleInput): Uint8Array {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const tlogEntries = input.tlogEntries ?? [];
  // Members in cosign's order; empty fields left out, as the protobuf JSON mapping does.
  const bundle = {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      publicKey: { hint: input.keyHint },
      ...(tlogEntries.length === 0 ? {} : { tlogEntries }),
    },
    messageSignature: {
      messageDigest: { algorithm: 'SHA2_256', digest: b64(input.sha256) },
      signature: b64(input.signature),
    },
  };
  return new TextEncoder().encode(JSON.stringify(bundle));
}
