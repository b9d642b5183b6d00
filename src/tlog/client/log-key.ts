/**
 * The public key a client trusts a log with (`--tlog-key`): PEM SubjectPublicKeyInfo of
 * an ECDSA P-256 key (Rekor v1, and what cosign's legacy SET check accepts) or Ed25519.
 * Its fingerprint is the log ID, SHA-256 of the DER (reference section 1.3), which is what
 * people compare with the log operator's published value.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { checkpointKeyKind } from '../checkpoint/index.js';
import { logIdOf } from '../entry/index.js';
import { tlogClientError } from './errors.js';

export function parseLogPublicKey(pem: string, source: string): KeyObject {
  const invalid = (problem: string) =>
    tlogClientError(
      'TLOG_CLIENT_LOG_KEY_INVALID',
      `${source} is not a usable transparency-log key: ${problem}; give the log's PEM public key (GET /api/v1/log/publicKey)`,
    );
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) throw invalid('no PUBLIC KEY PEM block');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw invalid('the PEM block does not parse');
  }
  try {
    checkpointKeyKind(key, 'public');
  } catch {
    throw invalid('only ECDSA P-256 and Ed25519 log keys are supported');
  }
  return key;
}

/** The log ID: hex SHA-256 of the key's DER SPKI. */
export function logKeyFingerprint(key: KeyObject): string {
  return logIdOf(key);
}
