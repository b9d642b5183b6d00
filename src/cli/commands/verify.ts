/**
 * `signet verify --key REF IMAGE...`: finds signatures in both layouts (the `.sig` tag and
 * Sigstore bundle referrers) and verifies them with the given keys. Exit codes follow
 * cosign: 10 no signatures, 11 image not found, 12 no matching signature.
 * `--offline --signatures FILE` verifies a set saved by `signet download signature`.
 * `--tlog-key FILE` checks each signature's transparency-log entry offline (SET, and the
 * inclusion proof with its checkpoint when the bundle carries one); `--tlog-required`
 * fails signatures that were never logged.
 * `--gpg-keyring FILE` instead verifies GPG simple signatures from the image's lookaside
 * store (see `signet gpg verify`).
 */
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  formatReference,
  parseReference,
  repositoryOf,
  type ImageReference,
} from '../../oci/reference/index.js';
import {
  createImageVerifier,
  imageVerificationError,
  parseSignatureSet,
  verifyImage,
  type ImageVerifier,
  type TlogTrust,
} from '../../signing/index.js';
import { errorFactory, type SignetError } from '../../core/errors.js';
import { SIGNATURE_STORE_ERRORS } from '../../signing/remote/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { addOutputOption, addRegistryOptions, collectValues } from '../options.js';
import { printError, printJson } from '../output.js';
import { registryClientFrom } from '../registry-client.js';
import { loadPublicKey } from '../signing/key-loading.js';
import { collectAnnotation, signatureRepositoryFrom } from '../signing/signing-options.js';
import { loadLogKey, logKeyFor, openLog } from '../tlog/log-access.js';
import { addLookasideOptions, type LookasideFlags } from '../gpg/gpg-options.js';
import {
  printVerificationText,
  verificationJson,
  type ImageReport,
} from '../signing/verify-report.js';

interface VerifyOptions extends OutputOptions, RegistryFlags, LookasideFlags {
  key?: string[];
  gpgKeyring?: string[];
  annotation?: Record<string, string>;
  signatureRepository?: string;
  checkReference?: boolean;
  offline?: boolean;
  signatures?: string;
  tlogKey?: string[];
  tlogUrl?: string;
  tlogRequired?: boolean;
}

export function registerVerifyCommand(program: Command, context: CliContext): void {
  addLookasideOptions(
    addRegistryOptions(
      addOutputOption(
        program
          .command('verify')
          .description(
            'verify the signatures of container images (legacy .sig and Sigstore bundle layouts)',
          )
          .argument('<image...>', 'image references')
          .option(
            '--key <ref>',
            'trusted public key: file, env://VAR or k8s://NAMESPACE/NAME; repeatable',
            collectValues,
          )
          .option(
            '--gpg-keyring <file>',
            'verify GPG simple signatures from the lookaside store with these OpenPGP keys instead; repeatable',
            collectValues,
          )
          .option(
            '-a, --annotation <key=value>',
            'annotation every accepted signature must carry; repeatable',
            collectAnnotation,
          )
          .option(
            '--signature-repository <repo>',
            'read signatures from this repository (or SIGNET_REPOSITORY / COSIGN_REPOSITORY)',
          )
          .option(
            '--check-reference',
            "require the signed docker-reference to name the image's repository (cosign ignores it)",
          )
          .option(
            '--offline',
            'verify a downloaded signature set without contacting a registry (needs --signatures)',
          )
          .option('--signatures <file>', 'signature set written by `signet download signature`')
          .option(
            '--tlog-key <file>',
            "transparency log's public key (PEM): verify each signature's log entry; repeatable",
            collectValues,
          )
          .option(
            '--tlog-url <url>',
            "without --tlog-key: fetch the log's key from this log (its fingerprint is printed; prefer --tlog-key)",
          )
          .option('--tlog-required', 'fail signatures that carry no transparency-log entry'),
      ),
    ),
  ).action(async (images: string[], options: VerifyOptions) => {
    context.format = options.output;
    if ((options.key === undefined) === (options.gpgKeyring === undefined)) {
      throw cliError(
        'CLI_USAGE',
        'give --key (cosign) or --gpg-keyring (GPG simple signing), not both or neither',
      );
    }
    if (options.gpgKeyring !== undefined) {
      // Loaded only when used: OpenPGP is a large library cosign verification never needs.
      const { runGpgVerify } = await import('../gpg/run-gpg.js');
      await runGpgVerify(context, images, { ...options, keyring: options.gpgKeyring });
      return;
    }
    const refs = images.map((image) => parseReference(image));
    const keys = await Promise.all(options.key!.map((ref) => loadPublicKey(ref, context.env)));
    const annotations = options.annotation ?? {};
    const tlog = await tlogTrustFrom(context, options);
    const verifier = createImageVerifier({
      keys,
      annotations,
      ...(tlog === undefined ? {} : { tlog }),
    });
    const tlogChecked = tlog !== undefined;
    const reports =
      options.offline === true || options.signatures !== undefined
        ? await verifyOffline(refs, verifier, options)
        : await verifyOnline(context, refs, verifier, options);
    if (options.output === 'json')
      printJson(context.console, { images: reports.map((r) => verificationJson(r, tlogChecked)) });
    else
      for (const report of reports)
        printVerificationText(context.console, report, annotations, tlogChecked);
    const failures = reports
      .map((r) => imageVerificationError(r.result, r.reference))
      .filter((e): e is SignetError => e !== undefined);
    for (const extra of failures.slice(1)) printError(context.console, extra, options.output);
    if (failures[0] !== undefined) throw failures[0];
  });
}

/** The log keys to check entries with: files first; a key fetched from the log if asked. */
async function tlogTrustFrom(
  context: CliContext,
  options: VerifyOptions,
): Promise<TlogTrust | undefined> {
  const files = options.tlogKey ?? [];
  if (files.length === 0 && options.tlogUrl === undefined) {
    if (options.tlogRequired === true)
      throw cliError(
        'CLI_USAGE',
        '--tlog-required needs the log key: --tlog-key FILE (or --tlog-url)',
      );
    return undefined;
  }
  let keys: KeyObject[];
  if (files.length > 0) keys = await Promise.all(files.map((file) => loadLogKey(file)));
  else {
    const log = openLog(options.tlogUrl!);
    try {
      keys = [await logKeyFor(context, undefined, log)];
    } finally {
      await log.close();
    }
  }
  return { keys, required: options.tlogRequired === true };
}

async function verifyOnline(
  context: CliContext,
  refs: ImageReference[],
  verifier: ImageVerifier,
  options: VerifyOptions,
): Promise<ImageReport[]> {
  const signatureRepository = signatureRepositoryFrom(options.signatureRepository, context.env);
  const client = await registryClientFrom(options, context.env, refs[0]?.registry);
  try {
    const reports: ImageReport[] = [];
    for (const ref of refs) {
      const verified = await verifyImage(client, ref, verifier, {
        checkReference: options.checkReference === true,
        ...(signatureRepository === undefined ? {} : { signatureRepository }),
      });
      if (verified.resolved)
        context.console.err(`resolved ${verified.reference} to ${verified.digest}`);
      reports.push({
        reference: `${formatReference({ ...ref, digest: undefined })}@${verified.digest}`,
        digest: verified.digest,
        result: verified.result,
      });
    }
    return reports;
  } finally {
    await client.close();
  }
}

/** Offline: the image must be pinned by digest, and the set must be for that digest. */
async function verifyOffline(
  refs: ImageReference[],
  verifier: ImageVerifier,
  options: VerifyOptions,
): Promise<ImageReport[]> {
  if (options.signatures === undefined)
    throw cliError(
      'CLI_USAGE',
      '--offline needs --signatures FILE (from `signet download signature IMAGE`)',
    );
  if (refs.length !== 1)
    throw cliError('CLI_USAGE', '--offline verifies one image: its signature set holds one digest');
  const ref = refs[0] as ImageReference;
  if (ref.digest === undefined)
    throw cliError(
      'CLI_USAGE',
      `--offline needs the image pinned by digest (IMAGE@sha256:…), got ${formatReference(ref)}`,
    );
  let text: string;
  try {
    text = await readFile(options.signatures, 'utf8');
  } catch (error) {
    throw cliError(
      'CLI_FILE_UNREADABLE',
      `cannot read ${options.signatures}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const set = parseSignatureSet(text, options.signatures);
  if (set.imageDigest !== ref.digest) {
    throw errorFactory(SIGNATURE_STORE_ERRORS)(
      'SIGNATURE_SET_INVALID',
      `${options.signatures} holds signatures for ${set.imageDigest}, not for ${formatReference(ref)}`,
    );
  }
  const result = verifier.verify(
    set,
    options.checkReference === true ? { dockerReference: repositoryOf(ref) } : {},
  );
  return [{ reference: formatReference({ ...ref, tag: undefined }), digest: ref.digest, result }];
}
