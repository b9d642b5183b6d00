/**
 * `signet verify-blob --key REF --signature SIG FILE`: checks a `sign-blob` (or
 * `cosign sign-blob --key`) signature. Exit 0 when it verifies, 12 when it does not.
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
import {
  addCosignBlobFlags,
  refuseBlobBundleOrLog,
  type CosignFlags,
} from '../signing/cosign-flags.js';

/** A signature file holds a few hundred bytes of base64; anything far larger is not one. */
const MAX_SIGNATURE_FILE_BYTES = 64 * 1024;

type VerifyBlobOptions = CosignFlags & { key: string[]; signature: string };

export function registerVerifyBlobCommand(program: Command, context: CliContext): void {
  const command = program
    .command('verify-blob')
    .description('verify a file against a base64 signature')
    .argument('<file>', 'file that was signed')
    .requiredOption(
      '--key <ref>',
      'trusted public key: file, env://VAR or k8s://NAMESPACE/NAME; repeatable',
      collectValues,
    )
    .requiredOption('--signature <file>', 'file holding the base64 signature');
  addCosignBlobFlags(command, 'verify').action(async (file: string, options: VerifyBlobOptions) => {
    refuseBlobBundleOrLog(options);
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
  });
}
