/**
 * `signet sign-blob --key REF FILE`: a cosign-compatible signature over a file (ECDSA DER
 * over SHA-256 for P-256 keys), printed as standard base64, as `cosign sign-blob --key`
 * (cosign v3: with `--new-bundle-format=false --tlog-upload=false`, which are accepted).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { signBlob } from '../../signing/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { readBlobFile } from '../signing/blob-file.js';
import { loadPrivateKey } from '../signing/key-loading.js';
import {
  addCosignBlobFlags,
  refuseBlobBundleOrLog,
  type CosignFlags,
} from '../signing/cosign-flags.js';

type SignBlobOptions = CosignFlags & { key: string; outputSignature?: string };

export function registerSignBlobCommand(program: Command, context: CliContext): void {
  const command = program
    .command('sign-blob')
    .description('sign a file; prints the base64 signature')
    .argument('<file>', 'file to sign')
    .requiredOption('--key <ref>', 'private key: file, env://VAR or k8s://NAMESPACE/NAME')
    .option('--output-signature <file>', 'also write the signature to this file');
  addCosignBlobFlags(command, 'sign').action(async (file: string, options: SignBlobOptions) => {
    refuseBlobBundleOrLog(options);
    const key = await loadPrivateKey(options.key, context.env);
    const signature = signBlob(key, await readBlobFile(file));
    if (options.outputSignature !== undefined) {
      try {
        await writeFile(options.outputSignature, signature);
      } catch (error) {
        throw cliError(
          'CLI_FILE_UNREADABLE',
          `cannot write ${options.outputSignature}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      context.console.err(`Signature written to ${options.outputSignature}`);
    }
    context.console.out(signature);
  });
}
