/**
 * What a Sigstore bundle is checked against: the artifact's bytes, or only its SHA-256
 * digest (cosign and the conformance protocol accept `sha256:<hex>` in place of a file).
 */
import { createHash } from 'node:crypto';
import { errorFactory } from '../../core/errors.js';
import { KEYLESS_ERRORS } from './errors.js';

const fail = errorFactory(KEYLESS_ERRORS);

export type BundleSubject =
  | { readonly kind: 'artifact'; readonly bytes: Uint8Array }
  | { readonly kind: 'digest'; readonly sha256: Uint8Array };

/** Parses `sha256:<64 hex>`; any other algorithm or length is refused. */
export function digestSubject(text: string): BundleSubject {
  const match = /^sha256:([0-9a-f]{64})$/u.exec(text);
  if (match === null) {
    throw fail(
      'SIGSTORE_BUNDLE_UNVERIFIED',
      `${JSON.stringify(text)} is not a sha256:<64 lowercase hex> digest`,
    );
  }
  return { kind: 'digest', sha256: Buffer.from(match[1]!, 'hex') };
}

export function subjectSha256(subject: BundleSubject): Uint8Array {
  return subject.kind === 'digest'
    ? subject.sha256
    : createHash('sha256').update(subject.bytes).digest();
}
