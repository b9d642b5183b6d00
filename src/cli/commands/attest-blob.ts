/**
 * `signet attest-blob --key K --predicate FILE --type T FILE`: signs an in-toto statement
 * whose subject is the file (its name and SHA-256), as cosign attest-blob does. Writes
 * the DSSE envelope (`--output-signature FILE`, else stdout) and, with `--bundle FILE`, a
 * Sigstore bundle v0.3 holding it and the log entry made with `--tlog-url`.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { encodeDsseEnvelope } from '../../core/dsse.js';
import {
  MAX_PREDICATE_BYTES,
  predicateFromFile,
  predicateTypeUri,
} from '../../signing/attest/index.js';
import {
  bundleKeyHint,
  encodeDsseBundle,
  signDsse,
  transparencyLogEntryJson,
} from '../../signing/bundle/index.js';
import { buildStatement } from '../../signing/intoto/index.js';
import { logDsseEnvelope, openLogWriter } from '../../signing/sign/transparency-log.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { addOutputOption } from '../options.js';
import { readCliFileBytes } from '../read-text-file.js';
import {
  addCosignBlobFlags,
  refuseSigningConfig,
  type CosignFlags,
} from '../signing/cosign-flags.js';
import { attestedBlobDigest } from '../signing/blob-file.js';
import { loadPrivateKey } from '../signing/key-loading.js';
import {
  addTlogCredentialOptions,
  logWriteCredentialsFrom,
  type TlogCredentialFlags,
} from '../signing/signing-options.js';
import { signingLogUrl } from '../signing/image-signing-flags.js';

interface AttestBlobOptions extends CosignFlags, TlogCredentialFlags {
  key?: string;
  predicate?: string;
  type?: string;
  bundle?: string;
  outputSignature?: string;
  tlogUrl?: string;
}

export function registerAttestBlobCommand(program: Command, context: CliContext): void {
  const command = program
    .command('attest-blob')
    .description('sign an in-toto attestation about a file (cosign-compatible)')
    .argument('<file>', 'the file the statement is about')
    .option('--key <ref>', 'private key: file, env://VAR or k8s://NAMESPACE/NAME')
    .option('--predicate <file>', 'the predicate (JSON, or text for --type custom and spdx)')
    .option('--type <type>', "cosign's predicate type names (default custom) or a URI")
    .option(
      '--bundle <file>',
      'also write a Sigstore bundle v0.3 holding the envelope and log entry',
    )
    .option('--output-signature <file>', 'write the DSSE envelope here instead of stdout')
    .option(
      '--tlog-url <url>',
      'record the attestation in this Rekor v1 compatible log (or SIGNET_TLOG_URL with --bundle)',
    );
  addCosignBlobFlags(addTlogCredentialOptions(addOutputOption(command)), 'sign');
  command.action(async (file: string, options: AttestBlobOptions) => {
    if (options.key === undefined || options.predicate === undefined)
      throw cliError('CLI_USAGE', 'give --key and --predicate');
    refuseSigningConfig(options);
    const type = options.type ?? 'custom';
    const predicateType = predicateTypeUri(type);
    const bytes = await readCliFileBytes(options.predicate, {
      what: 'predicate file',
      maxBytes: MAX_PREDICATE_BYTES,
    });
    const predicate = predicateFromFile(type, bytes, `predicate file ${options.predicate}`);
    const digest = await attestedBlobDigest(file, 'file to attest');
    const statement = buildStatement([{ name: basename(file), digest }], predicateType, predicate);
    const key = await loadPrivateKey(options.key, context.env);
    const envelope = signDsse(key, statement);
    const tlogUrl =
      options.bundle === undefined &&
      options.tlogUrl === undefined &&
      options.rekorUrl === undefined
        ? undefined
        : signingLogUrl(options, context.env);
    let entries: unknown[] = [];
    if (tlogUrl !== undefined) {
      const log = openLogWriter(tlogUrl, await logWriteCredentialsFrom(options, tlogUrl));
      try {
        const recorded = await logDsseEnvelope(log, key, envelope);
        entries = [transparencyLogEntryJson(recorded.entry)];
        context.console.err(`tlog entry created with index: ${recorded.logged.logIndex}`);
      } finally {
        await log.close();
      }
    }
    const json = encodeDsseEnvelope(envelope);
    if (options.outputSignature !== undefined)
      await writeFile(options.outputSignature, `${json}\n`);
    else context.console.out(json);
    if (options.bundle !== undefined) {
      await writeFile(
        options.bundle,
        encodeDsseBundle(envelope, bundleKeyHint(key.publicKey), entries),
      );
      context.console.err(`Wrote bundle to file ${options.bundle}`);
    }
  });
}
