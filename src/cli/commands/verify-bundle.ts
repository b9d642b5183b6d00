/**
 * `signet verify-bundle --bundle FILE (--certificate-identity ID --certificate-oidc-issuer
 * URL | --key FILE) [--trusted-root FILE] FILE_OR_DIGEST`: verifies a Sigstore bundle
 * (v0.1-v0.3, message signature or DSSE) for a file or a `sha256:<hex>` digest. This is
 * the command shape the sigstore-conformance suite drives every Sigstore client with.
 * Without --trusted-root, the Sigstore public-good root shipped with Signet is used.
 * Exit 0 when verified, 12 when not, 2 for a malformed command line, 3 for a bad file.
 */
import type { Command } from 'commander';
import { verifyBundleFile, MAX_BUNDLE_BYTES } from '../../signing/keyless/index.js';
import type { CliContext } from '../context.js';
import { readTextFile } from '../read-text-file.js';
import { readBlobFile } from '../signing/blob-file.js';
import { addOutputOption } from '../options.js';

interface VerifyBundleOptions {
  readonly bundle: string;
  readonly key?: string;
  readonly certificateIdentity?: string;
  readonly certificateIdentityRegexp?: string;
  readonly certificateOidcIssuer?: string;
  readonly certificateOidcIssuerRegexp?: string;
  readonly trustedRoot?: string;
}

export function registerVerifyBundleCommand(program: Command, context: CliContext): void {
  addOutputOption(program.command('verify-bundle'))
    .description('verify a Sigstore bundle for a file or a sha256:<hex> digest')
    .argument('<file-or-digest>', 'the signed file, or sha256:<hex> of it')
    .requiredOption('--bundle <file>', 'Sigstore bundle (JSON)')
    .option('--key <file>', 'trusted public key (PEM) instead of a certificate identity')
    .option('--certificate-identity <id>', 'expected certificate SAN (email or URI)')
    .option('--certificate-identity-regexp <re>', 'regular expression for the certificate SAN')
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer of the certificate')
    .option('--certificate-oidc-issuer-regexp <re>', 'regular expression for the OIDC issuer')
    .option('--trusted-root <file>', 'Sigstore trusted root JSON (default: the public-good root)')
    .action(async (subject: string, options: VerifyBundleOptions) => {
      const result = await verifyBundleCommand(subject, options);
      if (context.format === 'json') {
        context.console.out(JSON.stringify({ verified: true, ...result }));
      } else {
        const who =
          result.identity === undefined
            ? 'the given key'
            : `${result.identity} (${result.issuer ?? 'no issuer'})`;
        context.console.err(`Verified OK: ${options.bundle} signed by ${who}`);
      }
    });
}

async function verifyBundleCommand(subject: string, options: VerifyBundleOptions) {
  const subjectBytes = subject.startsWith('sha256:') ? subject : await readBlobFile(subject);
  return verifyBundleFile({
    bundleText: await readTextFile(options.bundle, { what: 'bundle', maxBytes: MAX_BUNDLE_BYTES }),
    bundleName: options.bundle,
    subject: subjectBytes,
    ...(options.key === undefined
      ? {}
      : { keyPem: await readTextFile(options.key, { what: 'key' }), keyName: options.key }),
    ...(options.certificateIdentity === undefined ? {} : { identity: options.certificateIdentity }),
    ...(options.certificateIdentityRegexp === undefined
      ? {}
      : { identityRegexp: options.certificateIdentityRegexp }),
    ...(options.certificateOidcIssuer === undefined
      ? {}
      : { issuer: options.certificateOidcIssuer }),
    ...(options.certificateOidcIssuerRegexp === undefined
      ? {}
      : { issuerRegexp: options.certificateOidcIssuerRegexp }),
    ...(options.trustedRoot === undefined
      ? {}
      : {
          trustedRoot: {
            text: await readTextFile(options.trustedRoot, { what: 'trusted root' }),
            name: options.trustedRoot,
          },
        }),
  });
}
