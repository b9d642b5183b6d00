/**
 * `signet sign-blob --key REF FILE`: a cosign-compatible signature over a file (ECDSA DER
 * over SHA-256 for P-256 keys), printed as standard base64, as `cosign sign-blob --key
 * --new-bundle-format=false --tlog-upload=false`.
 *
 * `--bundle OUT` writes a Sigstore bundle v0.3 instead, as cosign v3 `sign-blob --bundle`:
 * the file's digest, the signature, the key's hint and, with `--tlog-url` (or
 * `--rekor-url`, SIGNET_TLOG_URL), the hashedrekord entry the log recorded.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { signBlob } from '../../signing/index.js';
import { signBlobBundle } from '../../signing/sign/sign-blob.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { readBlobFile } from '../signing/blob-file.js';
import { loadPrivateKey } from '../signing/key-loading.js';
import { openLog, tlogUrlFrom } from '../tlog/log-access.js';
import { addCosignBlobFlags, blobSignLogUrl, type CosignFlags } from '../signing/cosign-flags.js';

type SignBlobOptions = CosignFlags & {
  key: string;
  outputSignature?: string;
  bundle?: string;
  tlogUrl?: string;
};

export function registerSignBlobCommand(program: Command, context: CliContext): void {
  const command = program
    .command('sign-blob')
    .description('sign a file; prints the base64 signature, or writes a Sigstore bundle')
    .argument('<file>', 'file to sign')
    .requiredOption('--key <ref>', 'private key: file, env://VAR or k8s://NAMESPACE/NAME')
    .option('--output-signature <file>', 'also write the signature to this file')
    .option('--bundle <file>', 'write a Sigstore bundle (v0.3 JSON) to this file')
    .option('--tlog-url <url>', 'record the signature in this transparency log (needs --bundle)');
  addCosignBlobFlags(command, 'sign').action(async (file: string, options: SignBlobOptions) => {
    const logUrl = blobSignLogUrl(options, options.tlogUrl, tlogUrlFrom(undefined, context.env));
    if (options.bundle !== undefined && options.outputSignature !== undefined)
      throw cliError('CLI_USAGE', '--bundle holds the signature: drop --output-signature');
    const key = await loadPrivateKey(options.key, context.env);
    const blob = await readBlobFile(file);
    if (options.bundle !== undefined) {
      const signed = await signBlobBundle(
        key,
        blob,
        logUrl === undefined ? undefined : openLog(logUrl),
      );
      await writeOutput(options.bundle, signed.bundle);
      if (signed.tlogEntry !== undefined)
        context.console.err(
          `Recorded in the transparency log ${logUrl ?? ''} at index ${signed.tlogEntry.logIndex} (entry ${signed.tlogEntry.entryId})`,
        );
      context.console.err(`Wrote bundle to file ${options.bundle}`);
      return;
    }
    const signature = signBlob(key, blob);
    if (options.outputSignature !== undefined) {
      await writeOutput(options.outputSignature, signature);
      context.console.err(`Signature written to ${options.outputSignature}`);
    }
    context.console.out(signature);
  });
}

async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    throw cliError('CLI_FILE_UNREADABLE', `cannot write ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
