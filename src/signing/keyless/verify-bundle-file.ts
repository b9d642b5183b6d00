/**
 * The conformance protocol's verification of one bundle file, shared by
 * `signet verify-bundle` and `signet verify-blob --bundle`: read the trusted root (a file,
 * or the public-good root), build the trust from a key or an identity policy, verify the
 * bundle against a file or a `sha256:` digest.
 */
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { parseTrustedRoot, publicGoodTrustedRoot } from '../trust/index.js';
import { parsePublicKey } from '../../core/keys/index.js';
import { errorFactory } from '../../core/errors.js';
import { KEYLESS_ERRORS } from './errors.js';
import { compileIdentityPolicy, type IdentityPolicyFlags } from './identity-policy.js';
import { digestSubject, type BundleSubject } from './bundle-subject.js';
import {
  createBundleVerifier,
  MAX_BUNDLE_BYTES,
  type BundleTrust,
  type BundleVerification,
} from './verify-sigstore-bundle.js';

const fail = errorFactory(KEYLESS_ERRORS);

export interface VerifyBundleFileRequest extends IdentityPolicyFlags {
  readonly bundleText: string;
  readonly bundleName: string;
  /** A file's bytes, or a `sha256:<hex>` digest. */
  readonly subject: Uint8Array | string;
  readonly keyPem?: string;
  readonly keyName?: string;
  /** Trusted root JSON text and its file name; the public-good root when absent. */
  readonly trustedRoot?: { readonly text: string; readonly name: string };
  /** cosign's `--insecure-ignore-tlog`: no transparency-log entry is required. */
  readonly ignoreTlog?: boolean;
}

export function trustedRootFrom(request: VerifyBundleFileRequest): TrustedRoot {
  return request.trustedRoot === undefined
    ? publicGoodTrustedRoot()
    : parseTrustedRoot(request.trustedRoot.text, request.trustedRoot.name);
}

export function verifyBundleFile(request: VerifyBundleFileRequest): BundleVerification {
  const trust: BundleTrust =
    request.keyPem !== undefined
      ? { kind: 'key', key: parsePublicKey(request.keyPem, request.keyName ?? 'key').keyObject }
      : { kind: 'identity', policy: compileIdentityPolicy(request) };
  const verify = createBundleVerifier(trustedRootFrom(request), trust, {
    ignoreTlog: request.ignoreTlog === true,
  });
  if (request.bundleText.length > MAX_BUNDLE_BYTES) {
    throw fail(
      'SIGSTORE_BUNDLE_UNREADABLE',
      `${request.bundleName}: larger than ${MAX_BUNDLE_BYTES} bytes`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(request.bundleText);
  } catch (error) {
    throw fail(
      'SIGSTORE_BUNDLE_UNREADABLE',
      `${request.bundleName}: not JSON (${(error as Error).message})`,
    );
  }
  const subject: BundleSubject =
    typeof request.subject === 'string'
      ? digestSubject(request.subject)
      : { kind: 'artifact', bytes: request.subject };
  return verify(json, subject, request.bundleName);
}
