/**
 * `signet verify --key REF IMAGE...`: finds signatures in both layouts (the `.sig` tag and
 * Sigstore bundle referrers) and verifies them with the given keys. Exit codes follow
 * cosign: 10 no signatures, 11 image not found, 12 no matching signature; with several
 * images each gets its own verdict and the exit code is the most severe (verify-batch.ts).
 * stdout is cosign's JSON array of verified signatures, so one jq filter reads both tools;
 * `--report FILE` writes Signet's detailed report. cosign's flags are accepted
 * (cosign-flags.ts).
 * `--offline --signatures FILE` verifies what `signet|cosign download signature` printed.
 * `--tlog-key FILE` checks each signature's transparency-log entry offline (SET, and the
 * inclusion proof with its checkpoint when the bundle carries one); `--tlog-required`
 * fails signatures that were never logged.
 * `--gpg-keyring FILE` instead verifies GPG simple signatures from the image's lookaside
 * store (see `signet gpg verify`).
 * `--certificate-identity[-regexp] --certificate-oidc-issuer[-regexp]` instead verify
 * keyless signatures (Fulcio or private CA certificates) against a trusted root
 * (keyless-options.ts; docs/keyless.md).
 */
import type { Command } from 'commander';
import { parseReference } from '../../oci/reference/index.js';
import { createImageVerifier, type ImageVerifier } from '../../signing/index.js';
import type { SignetError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { addOutputOption, addRegistryOptions, collectValues } from '../options.js';
import { printError } from '../output.js';
import { registryClientFrom } from '../registry-client.js';
import { loadPublicKey } from '../signing/key-loading.js';
import { collectAnnotation, signatureRepositoryFrom } from '../signing/signing-options.js';
import { addLookasideOptions, type LookasideFlags } from '../gpg/gpg-options.js';
import {
  addCosignVerifyFlags,
  registryFlagsWithCosign,
  tlogUrlFlag,
  type CosignFlags,
} from '../signing/cosign-flags.js';
import { withOutputFile } from '../signing/output-file.js';
import { failureOf, mostSevere, verifyEachImage } from '../signing/verify-batch.js';
import { verifyOffline } from '../signing/verify-offline.js';
import {
  printCosignOutput,
  printVerificationText,
  writeReportFile,
  type ImageReport,
  type TrustMode,
} from '../signing/verify-report.js';
import {
  addKeylessVerifyOptions,
  keylessTrustFrom,
  type KeylessFlags,
} from '../signing/keyless-options.js';
import { wantsKeyless } from '../signing/bundle-verification.js';
import { tlogTrustFrom } from '../signing/verify-tlog-trust.js';

interface VerifyOptions
  extends OutputOptions, RegistryFlags, LookasideFlags, CosignFlags, KeylessFlags {
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
  report?: string;
  trustedRoot?: string;
  insecureIgnoreTlog?: boolean;
}

export function registerVerifyCommand(program: Command, context: CliContext): void {
  const command = addLookasideOptions(
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
          .option(
            '--signatures <file>',
            'signatures written by `signet download signature` or `cosign download signature`',
          )
          .option(
            '--tlog-key <file>',
            "transparency log's public key (PEM): verify each signature's log entry; repeatable",
            collectValues,
          )
          .option(
            '--tlog-url <url>',
            "without --tlog-key: fetch the log's key from this log (its fingerprint is printed; prefer --tlog-key)",
          )
          .option('--tlog-required', 'fail signatures that carry no transparency-log entry')
          .option(
            '--report <file>',
            "write Signet's detailed report (every signature, its checks and reason) as JSON to this file",
          ),
      ),
    ),
  );
  addKeylessVerifyOptions(addCosignVerifyFlags(command));
  command.action(async (images: string[], options: VerifyOptions) => {
    context.format = options.output;
    const modes = [
      options.key !== undefined,
      options.gpgKeyring !== undefined,
      wantsKeyless(options),
    ].filter(Boolean).length;
    if (modes !== 1) {
      throw cliError(
        'CLI_USAGE',
        'give one of --key (cosign), --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp] (keyless), or --gpg-keyring (GPG simple signing)',
      );
    }
    const refs = images.map((image) => parseReference(image));
    const registry = registryFlagsWithCosign(
      options,
      refs.map((r) => r.registry),
    );
    if (options.gpgKeyring !== undefined) {
      // Loaded only when used: OpenPGP is a large library cosign verification never needs.
      const { runGpgVerify } = await import('../gpg/run-gpg.js');
      await runGpgVerify(context, images, { ...options, ...registry, keyring: options.gpgKeyring });
      return;
    }
    const annotations = options.annotation ?? {};
    const tlogUrl = tlogUrlFlag(options.tlogUrl, options);
    const withUrl = { ...options, ...(tlogUrl === undefined ? {} : { tlogUrl }) };
    let verifier: ImageVerifier;
    let mode: TrustMode;
    if (options.key === undefined) {
      const keyless = await keylessTrustFrom(context, withUrl);
      verifier = createImageVerifier({ keys: [], annotations, keyless });
      mode = { tlogChecked: keyless.ignoreTlog !== true, keyless: true };
    } else {
      const keys = await Promise.all(options.key.map((ref) => loadPublicKey(ref, context.env)));
      const tlog = await tlogTrustFrom(context, withUrl);
      verifier = createImageVerifier({
        keys,
        annotations,
        ...(tlog === undefined ? {} : { tlog }),
      });
      mode = { tlogChecked: tlog !== undefined };
    }
    let reports: ImageReport[];
    if (options.offline === true || options.signatures !== undefined) {
      reports = await verifyOffline(refs, verifier, options);
    } else {
      const signatureRepository = signatureRepositoryFrom(options.signatureRepository, context.env);
      const client = await registryClientFrom(registry, context.env, refs[0]?.registry, context);
      try {
        reports = await verifyEachImage(context, client, refs, verifier, {
          checkReference: options.checkReference === true,
          // cosign v3: --new-bundle-format=false reads the legacy layout only (no referrers).
          ...(options.newBundleFormat === false ? { layouts: 'legacy' as const } : {}),
          ...(signatureRepository === undefined ? {} : { signatureRepository }),
        });
      } finally {
        await client.close();
      }
    }
    await withOutputFile(context, options.outputFile, (console) => {
      for (const report of reports) {
        printVerificationText(context.console, report, annotations, mode);
        printCosignOutput(console, report);
      }
    });
    if (options.report !== undefined) await writeReportFile(options.report, reports, mode);
    const failures = reports
      .map((report) => failureOf(report))
      .filter((e): e is SignetError => e !== undefined);
    const worst = mostSevere(failures);
    if (worst === undefined) return;
    // The others first, in image order; main prints the one that sets the exit code last.
    for (const failure of failures)
      if (failure !== worst) printError(context.console, failure, options.output);
    throw worst;
  });
}
