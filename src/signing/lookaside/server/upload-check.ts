/**
 * What the server checks before it stores an uploaded signature (attacker-controlled
 * bytes): it must be a binary OpenPGP signed message with exactly one signature over an
 * "atomic container signature" document whose manifest digest is the one in the path.
 * Without a keyring the signer cannot be authenticated, so only the structure is checked
 * (verifiers check the key); with one, the signature must verify with a trusted key.
 */
import * as openpgp from 'openpgp';
import { describeError, isSignetError } from '../../../core/errors.js';
import {
  parseSimpleSignaturePayload,
  verifySimpleSignature,
  type PublicKeys,
  type SimpleSignaturePayload,
} from '../../gpg/index.js';
// The verifier's settings (fail closed on unknown packets, grammar, decompression bound), so
// that the structure checked here is the one verifiers will read.
import { VERIFY_CONFIG } from '../../gpg/openpgp-config.js';

export type UploadCheck =
  | { readonly ok: true; readonly payload: SimpleSignaturePayload; readonly signer?: string }
  | {
      readonly ok: false;
      readonly code: 'SIGNATURE_INVALID' | 'DIGEST_MISMATCH' | 'SIGNER_NOT_TRUSTED';
      readonly message: string;
    };

export async function checkUploadedSignature(
  bytes: Uint8Array,
  digest: string,
  keyring: PublicKeys | undefined,
  now: Date,
): Promise<UploadCheck> {
  const source = 'the uploaded signature';
  let payload: SimpleSignaturePayload;
  let signer: string | undefined;
  try {
    if (keyring !== undefined) {
      const verified = await verifySimpleSignature({ signature: bytes, keyring, now, source });
      payload = verified.payload;
      signer = verified.signerFingerprint;
    } else {
      payload = parseSimpleSignaturePayload(await signedContent(bytes), source);
    }
  } catch (error) {
    if (isSignetError(error) && keyring !== undefined && /^GPG_KEY_/.test(error.code)) {
      return { ok: false, code: 'SIGNER_NOT_TRUSTED', message: error.message };
    }
    return {
      ok: false,
      code: 'SIGNATURE_INVALID',
      message: isSignetError(error)
        ? error.message
        : `${source} is not a simple signature: ${describeError(error)}`,
    };
  }
  if (payload.manifestDigest !== digest) {
    return {
      ok: false,
      code: 'DIGEST_MISMATCH',
      message: `the signature signs manifest ${payload.manifestDigest}, not ${digest}; upload it under its own digest`,
    };
  }
  return { ok: true, payload, ...(signer === undefined ? {} : { signer }) };
}

/**
 * The literal data of a signed message, without authenticating it. openpgp.js reads the
 * signature packets that follow the literal data only while verifying, so a verification
 * without keys is run: it yields the one signature packet (or fails) and the content.
 */
async function signedContent(bytes: Uint8Array): Promise<Uint8Array> {
  const message = await openpgp.readMessage({ binaryMessage: bytes, config: VERIFY_CONFIG });
  if (message.getEncryptionKeyIDs().length > 0) throw new Error('it is encrypted');
  // Cast: a non-streamed message gives a Uint8Array; the typings only say "some stream".
  const result = (await openpgp.verify({
    message,
    verificationKeys: [],
    format: 'binary',
    config: VERIFY_CONFIG,
  })) as openpgp.VerifyMessageResult<Uint8Array>;
  // No key was given, so `verified` always rejects; only the packets are of interest.
  for (const outcome of result.signatures) outcome.verified.catch(() => undefined);
  if (result.signatures.length !== 1) {
    throw new Error(
      `it carries ${result.signatures.length} signatures; simple signing has exactly one`,
    );
  }
  const packets = (await result.signatures[0]!.signature).packets;
  if (packets.length !== 1) throw new Error('it has a one-pass header but no signature packet');
  return result.data;
}
