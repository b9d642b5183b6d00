/**
 * Reading the OpenPGP message, and turning a failed verification into the error that says
 * why (unknown key, revoked or expired key, expired signature, unsupported packet, forgery),
 * so that an operator can tell a key rotation from an attack.
 */
import * as openpgp from 'openpgp';
import { describeError, type SignetError } from '../../core/errors.js';
import { gpgError } from './errors.js';
import { keyProblemAt, type KeyProblem } from './key-state.js';
import { VERIFY_CONFIG } from './openpgp-config.js';

/** Packets that make a message encrypted rather than signed (RFC 4880 §5.1, §5.3, §5.7, §5.13). */
const ENCRYPTION_TAGS = new Set<number>([
  openpgp.enums.packet.publicKeyEncryptedSessionKey,
  openpgp.enums.packet.symEncryptedSessionKey,
  openpgp.enums.packet.symmetricallyEncryptedData,
  openpgp.enums.packet.symEncryptedIntegrityProtectedData,
  openpgp.enums.packet.aeadEncryptedData,
]);

/** openpgp.js raises these (not exported) classes for packets it does not implement. */
function isUnsupported(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'UnsupportedError' || name === 'UnknownPacketError';
}

function unsupported(source: string, error: unknown): SignetError {
  return gpgError(
    'GPG_UNSUPPORTED',
    `${source} uses an OpenPGP feature Signet does not verify: ${describeError(error)}`,
    { cause: error },
  );
}

export async function readSignedMessage(
  bytes: Uint8Array,
  source: string,
): Promise<openpgp.Message<Uint8Array>> {
  let message: openpgp.Message<Uint8Array>;
  try {
    message = await openpgp.readMessage({ binaryMessage: bytes, config: VERIFY_CONFIG });
  } catch (error) {
    if (isUnsupported(error)) throw unsupported(source, error);
    throw gpgError(
      'GPG_SIGNATURE_INVALID',
      // Node 24's zlib refuses trailing data that older Nodes ignored, so a damaged
      // compressed signature can fail here instead of at verification: same verdict.
      `${source} is not a binary OpenPGP signed message (${describeError(error)}); it is corrupt or forged`,
      { cause: error },
    );
  }
  if (message.packets.some((packet) => ENCRYPTION_TAGS.has(packetTag(packet)))) {
    throw gpgError(
      'GPG_SIGNATURE_INVALID',
      `${source} is an encrypted OpenPGP message, not a signed one; the image is not trusted`,
    );
  }
  return message;
}

function packetTag(packet: object): number {
  return (packet.constructor as { tag?: number }).tag ?? -1;
}

export interface FailureContext {
  /** What openpgp.js raised, or the key problem Signet found at `now`. */
  readonly error: unknown;
  readonly packet: openpgp.SignaturePacket;
  readonly key: openpgp.PublicKey;
  readonly now: Date;
  readonly source: string;
}

export async function explainFailure(context: FailureContext): Promise<SignetError> {
  const { error, packet, key, now, source } = context;
  if (isKeyProblem(error)) return keyProblemError(error, source);
  if (isUnsupported(error)) return unsupported(source, error);
  const created = packet.created;
  if (created !== null && created > now) {
    return gpgError(
      'GPG_SIGNATURE_INVALID',
      `${source} was created at ${created.toISOString()}, after the verification time ` +
        `${now.toISOString()}; check the signer's and this machine's clocks`,
    );
  }
  const expiry = packet.getExpirationTime();
  if (expiry instanceof Date && expiry <= now) {
    return gpgError(
      'GPG_SIGNATURE_EXPIRED',
      `${source} expired at ${expiry.toISOString()}; ask the signer for a new signature`,
    );
  }
  const problem = await keyProblemAt(key, packet.issuerKeyID, { now, config: VERIFY_CONFIG });
  if (problem !== undefined) return keyProblemError(problem, source);
  const reason = describeError(error);
  if (/hash algorithm|insecure|rejected|too weak|bits/i.test(reason)) {
    return unsupported(source, error);
  }
  return gpgError(
    'GPG_SIGNATURE_INVALID',
    `${source} does not verify against its content (${reason}); it is corrupt or forged`,
    { cause: error },
  );
}

function isKeyProblem(value: unknown): value is KeyProblem {
  return typeof value === 'object' && value !== null && 'kind' in value && 'which' in value;
}

export function keyProblemError(problem: KeyProblem, source: string): SignetError {
  switch (problem.kind) {
    case 'revoked':
      return gpgError(
        'GPG_KEY_REVOKED',
        `${source} was made by ${problem.which}, which is revoked; it is not trusted`,
      );
    case 'expired':
      return gpgError(
        'GPG_KEY_EXPIRED',
        `${source} was made by ${problem.which}, which expired at ${problem.at.toISOString()}; ` +
          'the signer must extend the key or re-sign with a valid one',
      );
    case 'not-for-signing':
      return gpgError(
        'GPG_SIGNATURE_INVALID',
        `${source} was made by ${problem.which}, which is not a valid signing key at ` +
          'the verification time (no valid binding or signing flag)',
      );
  }
}
