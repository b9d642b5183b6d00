/**
 * `signet verify-bundle --bundle FILE (--certificate-identity ID --certificate-oidc-issuer
 * URL | --key FILE) [--trusted-root FILE] FILE_OR_DIGEST`: verifies a Sigstore bundle
 * (v0.1-v0.3, message signature or DSSE) for a file or a `sha256:<hex>` digest. This is
 * the command shape the sigstore-conformance suite drives every Sigstore client with.
 * Without --trusted-root, the Sigstore public-good root shipped with Signet is used.
 * Exit 0 when verified, 12 when not, 2 for a malformed command line, 3 for a bad file.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { readTextFile } from '../read-text-file.js';
import { addOutputOption } from '../options.js';
import {
  addCertificateIdentityOptions,
  describeBundleSigner,
  verifyBundleForSubject,
  type BundleIdentityFlags,
} from '../signing/bundle-verification.js';

interface VerifyBundleOptions extends BundleIdentityFlags {
  readonly bundle: string;
  readonly key?: string;
  readonly trustedRoot?: string;
}

export function registerVerifyBundleCommand(program: Command, context: CliContext): void {
  const command = addOutputOption(program.command('verify-bundle'))
    .description('verify a Sigstore bundle for a file or a sha256:<hex> digest')
    .argument('<file-or-digest>', 'the signed file, or sha256:<hex> of it')
    .requiredOption('--bundle <file>', 'Sigstore bundle (JSON)')
    .option('--key <file>', 'trusted public key (PEM) instead of a certificate identity');
  addCertificateIdentityOptions(command)
    .option('--trusted-root <file>', 'Sigstore trusted root JSON (default: the public-good root)')
    .action(async (subject: string, options: VerifyBundleOptions) => {
      const { key, ...rest } = options;
      const result = await verifyBundleForSubject(subject, {
        ...rest,
        ...(key === undefined
          ? {}
          : { key: { pem: await readTextFile(key, { what: 'key' }), name: key } }),
      });
      if (context.format === 'json') {
        context.console.out(JSON.stringify({ verified: true, ...result }));
      } else {
        context.console.err(
          `Verified OK: ${options.bundle} signed by ${describeBundleSigner(result)}`,
        );
      }
    });
}
