/**
 * The Sigstore-bundle options `signet verify-bundle` and `signet verify-blob --bundle`
 * share, and their one path into the bundle verifier (src/signing/keyless): both commands
 * must accept and refuse exactly the same bundles.
 */
import type { Command } from 'commander';
import {
  verifyBundleFile,
  MAX_BUNDLE_BYTES,
  type BundleVerification,
} from '../../signing/keyless/index.js';
import { readTextFile } from '../read-text-file.js';
import { readBlobFile } from './blob-file.js';

export interface BundleIdentityFlags {
  readonly certificateIdentity?: string;
  readonly certificateIdentityRegexp?: string;
  readonly certificateOidcIssuer?: string;
  readonly certificateOidcIssuerRegexp?: string;
}

/** True when any certificate identity flag was given: keyless verification, and no key. */
export function wantsKeyless(flags: BundleIdentityFlags): boolean {
  return [
    flags.certificateIdentity,
    flags.certificateIdentityRegexp,
    flags.certificateOidcIssuer,
    flags.certificateOidcIssuerRegexp,
  ].some((v) => v !== undefined);
}

export interface BundleVerifyRequest extends BundleIdentityFlags {
  readonly bundle: string;
  /** The trusted key's PEM and what to call it, instead of an identity. */
  readonly key?: { readonly pem: string; readonly name: string };
  readonly trustedRoot?: string;
  readonly insecureIgnoreTlog?: boolean;
}

/** `--certificate-identity[-regexp]` and `--certificate-oidc-issuer[-regexp]`, cosign's flags. */
export function addCertificateIdentityOptions(command: Command): Command {
  return command
    .option('--certificate-identity <id>', 'expected certificate SAN (email or URI)')
    .option('--certificate-identity-regexp <re>', 'regular expression for the certificate SAN')
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer of the certificate')
    .option('--certificate-oidc-issuer-regexp <re>', 'regular expression for the OIDC issuer');
}

/** Verifies the bundle for a file, or for `sha256:<hex>` when the file is not at hand. */
export async function verifyBundleForSubject(
  subject: string,
  request: BundleVerifyRequest,
): Promise<BundleVerification> {
  const subjectBytes = subject.startsWith('sha256:') ? subject : await readBlobFile(subject);
  const optional = <K extends string, V>(name: K, value: V | undefined) =>
    (value === undefined ? {} : { [name]: value }) as Partial<Record<K, V>>;
  return verifyBundleFile({
    bundleText: await readTextFile(request.bundle, { what: 'bundle', maxBytes: MAX_BUNDLE_BYTES }),
    bundleName: request.bundle,
    subject: subjectBytes,
    ...(request.key === undefined ? {} : { keyPem: request.key.pem, keyName: request.key.name }),
    ...optional('identity', request.certificateIdentity),
    ...optional('identityRegexp', request.certificateIdentityRegexp),
    ...optional('issuer', request.certificateOidcIssuer),
    ...optional('issuerRegexp', request.certificateOidcIssuerRegexp),
    ...(request.trustedRoot === undefined
      ? {}
      : {
          trustedRoot: {
            text: await readTextFile(request.trustedRoot, { what: 'trusted root' }),
            name: request.trustedRoot,
          },
        }),
    ignoreTlog: request.insecureIgnoreTlog === true,
  });
}

/** The one-line report both commands print on success. */
export function describeBundleSigner(result: BundleVerification): string {
  return result.identity === undefined
    ? 'the given key'
    : `${result.identity} (${result.issuer ?? 'no issuer'})`;
}
