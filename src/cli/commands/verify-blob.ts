/**
 * `signet verify-blob --key REF --signature SIG FILE`: checks a `sign-blob` (or
 * `cosign sign-blob --key`) signature. Exit 0 when it verifies, 12 when it does not.
 *
 * `--bundle FILE` checks a Sigstore bundle instead (`cosign verify-blob --bundle`), by key
 * or certificate identity, exactly as `signet verify-bundle` does; a bundle without a log
 * entry is accepted only with `--insecure-ignore-tlog`, as in cosign.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyBlob } from '../../signing/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { readBlobFile } from '../signing/blob-file.js';
import { signingCliError } from '../signing/errors.js';
import { loadPublicKey } from '../signing/key-loading.js';
import { collectValues } from '../options.js';
import { addCosignBlobFlags, type CosignFlags } from '../signing/cosign-flags.js';
import {
  addCertificateIdentityOptions,
  describeBundleSigner,
  verifyBundleForSubject,
  type BundleIdentityFlags,
} from '../signing/bundle-verification.js';

/** A signature file holds a few hundred bytes of base64; anything far larger is not one. */
const MAX_SIGNATURE_FILE_BYTES = 64 * 1024;

type VerifyBlobOptions = CosignFlags &
  BundleIdentityFlags & { key?: string[]; signature?: string; bundle?: string };

export function registerVerifyBlobCommand(program: Command, context: CliContext): void {
  const command = program
    .command('verify-blob')
    .description('verify a file against a base64 signature or a Sigstore bundle')
    .argument('<file>', 'file that was signed (with --bundle: or sha256:<hex> of it)')
    .option(
      '--key <ref>',
      'trusted public key: file, env://VAR or k8s://NAMESPACE/NAME; repeatable without --bundle',
      collectValues,
    )
    .option('--signature <file>', 'file holding the base64 signature')
    .option('--bundle <file>', 'Sigstore bundle (JSON) holding the signature')
    .option('--trusted-root <file>', 'with --bundle: Sigstore trusted root JSON');
  addCertificateIdentityOptions(command);
  addCosignBlobFlags(command, 'verify').action(async (file: string, options: VerifyBlobOptions) => {
    if (options.bundle !== undefined) {
      await verifyWithBundle(file, options.bundle, options, context);
    } else {
      await verifyWithSignature(file, options, context);
    }
  });
}

async function verifyWithBundle(
  subject: string,
  bundle: string,
  options: VerifyBlobOptions,
  context: CliContext,
): Promise<void> {
  if (options.signature !== undefined)
    throw cliError('CLI_USAGE', '--bundle holds the signature: drop --signature');
  const keys = options.key ?? [];
  if (keys.length > 1) throw cliError('CLI_USAGE', '--bundle is verified with one --key');
  const key = keys[0] === undefined ? undefined : await loadPublicKey(keys[0], context.env);
  const { key: _keys, ...flags } = options;
  const result = await verifyBundleForSubject(subject, {
    ...flags,
    bundle,
    ...(key === undefined ? {} : { key: { pem: key.pem, name: keys[0]! } }),
  });
  context.console.err(`Verified OK: ${bundle} signed by ${describeBundleSigner(result)}`);
}

async function verifyWithSignature(
  file: string,
  options: VerifyBlobOptions,
  context: CliContext,
): Promise<void> {
  if (options.key === undefined || options.signature === undefined)
    throw cliError('CLI_USAGE', 'give --key and --signature, or --bundle');
  const keys = await Promise.all(options.key.map((ref) => loadPublicKey(ref, context.env)));
  let signature: string;
  try {
    signature = await readFile(options.signature, 'utf8');
  } catch (error) {
    throw cliError(
      'CLI_FILE_UNREADABLE',
      `cannot read ${options.signature}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (signature.length > MAX_SIGNATURE_FILE_BYTES) {
    throw signingCliError(
      'BLOB_SIGNATURE_INVALID',
      `${options.signature} is too large to be a signature`,
    );
  }
  const signer = verifyBlob(keys, await readBlobFile(file), signature);
  if (signer === undefined) {
    throw signingCliError(
      'BLOB_SIGNATURE_INVALID',
      `the signature in ${options.signature} does not verify ${file} with the given key(s)`,
    );
  }
  context.console.err(`Verified OK (key ${signer.keyId.slice(0, 16)}…)`);
}
