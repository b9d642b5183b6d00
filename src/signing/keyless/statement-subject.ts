/**
 * A DSSE bundle signs an in-toto statement, not the artifact: the artifact is bound only
 * through a subject digest. Without this check any valid attestation would "verify" any
 * file (sigstore-conformance's DSSE cases and cosign verify-blob-attestation require it).
 */
import { timingSafeEqual } from 'node:crypto';
import { errorFactory, SignetError } from '../../core/errors.js';
import { parseStatement } from '../intoto/index.js';
import { KEYLESS_ERRORS } from './errors.js';

const fail = errorFactory(KEYLESS_ERRORS);

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export function checkStatementSubject(
  payloadType: string,
  payload: Uint8Array,
  sha256: Uint8Array,
  what: string,
): void {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw fail(
      'SIGSTORE_BUNDLE_UNVERIFIED',
      `${what}: DSSE payload type ${JSON.stringify(payloadType)} is not ${IN_TOTO_PAYLOAD_TYPE}, so no subject binds it to the artifact`,
    );
  }
  let subjects;
  try {
    subjects = parseStatement(payload, `${what}: in-toto statement`).subjects;
  } catch (error) {
    if (error instanceof SignetError) {
      throw fail('SIGSTORE_BUNDLE_UNVERIFIED', error.message, { cause: error });
    }
    throw error;
  }
  const wanted = Buffer.from(sha256).toString('hex');
  const found = subjects.some((subject) => {
    const hex = subject.digest.sha256;
    return (
      typeof hex === 'string' &&
      hex.length === wanted.length &&
      timingSafeEqual(Buffer.from(hex.toLowerCase()), Buffer.from(wanted))
    );
  });
  if (!found) {
    throw fail(
      'SIGSTORE_BUNDLE_UNVERIFIED',
      `${what}: no in-toto subject has the artifact's digest sha256:${wanted}`,
    );
  }
}
