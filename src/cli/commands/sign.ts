/**
 * `signet sign --key REF IMAGE...`: signs images in cosign's legacy `.sig` layout (default)
 * or cosign v3's Sigstore bundle referrers (`--layout bundle`). Tags are resolved to
 * digests first, and Signet says so: the signature covers the digest, not the tag.
 * With `--tlog-url` (or SIGNET_TLOG_URL) each signature is first recorded in a Rekor v1
 * compatible transparency log and the entry stored with it, as `cosign sign --rekor-url`.
 * `signet sign --gpg-key FILE IMAGE...` instead writes a GPG simple signature to the
 * image's lookaside store, as `skopeo copy --sign-by` does (see `signet gpg sign`).
 */
import type { Command } from 'commander';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import { signImage, type SignedImage } from '../../signing/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { addOutputOption, addRegistryOptions } from '../options.js';
import { printJson } from '../output.js';
import { registryClientFrom } from '../registry-client.js';
import { loadPrivateKey } from '../signing/key-loading.js';
import {
  addTlogCredentialOptions,
  collectAnnotation,
  logWriteCredentialsFrom,
  refuseGpgOnlyFlags,
  signatureRepositoryFrom,
  tlogCredentialFlagsGiven,
  type TlogCredentialFlags,
} from '../signing/signing-options.js';
import { openLogWriter } from '../../signing/sign/transparency-log.js';
import { addGpgSigningOptions, type GpgSignFlags } from '../gpg/gpg-options.js';
import {
  addCosignSignFlags,
  registryFlagsWithCosign,
  refuseSigningConfig,
  type CosignFlags,
} from '../signing/cosign-flags.js';
import { withOutputFile } from '../signing/output-file.js';
import { signatureLayoutFrom, signingLogUrl } from '../signing/image-signing-flags.js';
import type { Console } from '../output.js';

interface SignOptions
  extends
    OutputOptions,
    RegistryFlags,
    Omit<GpgSignFlags, 'gpgKey'>,
    CosignFlags,
    TlogCredentialFlags {
  key?: string;
  gpgKey?: string;
  annotation?: Record<string, string>;
  recursive?: boolean;
  signatureRepository?: string;
  layout?: string;
  tlogUrl?: string;
}

export function registerSignCommand(program: Command, context: CliContext): void {
  const command = addTlogCredentialOptions(
    addGpgSigningOptions(
      addRegistryOptions(
        addOutputOption(
          program
            .command('sign')
            .description('sign container images with a key (cosign-compatible)')
            .argument('<image...>', 'image references; tags are resolved to digests')
            .option('--key <ref>', 'private key: file, env://VAR or k8s://NAMESPACE/NAME')
            .option(
              '--gpg-key <file>',
              'sign with this OpenPGP private key into the lookaside store instead (GPG simple signing)',
            )
            .option(
              '-a, --annotation <key=value>',
              'annotation to sign with the image; repeatable',
              collectAnnotation,
            )
            .option(
              '-r, --recursive',
              'for a multi-platform index, sign the index and every image it lists',
            )
            .option(
              '--signature-repository <repo>',
              'store signatures in this repository (or SIGNET_REPOSITORY / COSIGN_REPOSITORY)',
            )
            .option(
              '--layout <layout>',
              'legacy: sha256-<hex>.sig tag (cosign v2, the default); bundle: Sigstore bundle referrer (cosign v3)',
            )
            .option(
              '--tlog-url <url>',
              'record each signature in this Rekor v1 compatible transparency log (or SIGNET_TLOG_URL)',
            ),
        ),
      ),
    ),
  );
  addCosignSignFlags(command).action(async (images: string[], options: SignOptions) => {
    context.format = options.output;
    if ((options.key === undefined) === (options.gpgKey === undefined)) {
      throw cliError(
        'CLI_USAGE',
        'give exactly one of --key (cosign) or --gpg-key (GPG simple signing)',
      );
    }
    refuseSigningConfig(options);
    const refs = images.map((image) => parseReference(image));
    const registry = registryFlagsWithCosign(
      options,
      refs.map((r) => r.registry),
    );
    if (options.gpgKey !== undefined) {
      const logFlag = tlogCredentialFlagsGiven(options)[0];
      if (logFlag !== undefined)
        throw cliError(
          'CLI_USAGE',
          `${logFlag} applies only to --key: GPG signatures are not logged`,
        );
      // Loaded only when used: OpenPGP is a large library cosign signing never needs.
      const { runGpgSign } = await import('../gpg/run-gpg.js');
      await runGpgSign(context, images, { ...options, ...registry, gpgKey: options.gpgKey });
      return;
    }
    refuseGpgOnlyFlags(options);
    const layout = signatureLayoutFrom(options);
    const signatureRepository = signatureRepositoryFrom(options.signatureRepository, context.env);
    const tlogUrl = signingLogUrl(options, context.env);
    const credentials = await logWriteCredentialsFrom(options, tlogUrl);
    const key = await loadPrivateKey(options.key!, context.env);
    const log = tlogUrl === undefined ? undefined : openLogWriter(tlogUrl, credentials);
    const client = await registryClientFrom(registry, context.env, refs[0]?.registry, context);
    const signed: SignedImage[] = [];
    try {
      for (const ref of refs) {
        const digest = await client.resolveDigest(ref);
        if (ref.digest === undefined)
          context.console.err(`resolved ${formatReference(ref)} to ${digest}`);
        signed.push(
          ...(await signImage(client, withDigest(ref, digest), key, {
            layout,
            recursive: options.recursive === true,
            annotations: options.annotation ?? {},
            ...(signatureRepository === undefined ? {} : { signatureRepository }),
            ...(log === undefined ? {} : { transparencyLog: log }),
          })),
        );
      }
    } finally {
      await client.close();
      await log?.close();
    }
    await withOutputFile(context, options.outputFile, (console) =>
      printSigned(console, options, key.publicKey.keyId, signed, log?.url),
    );
  });
}

function printSigned(
  console: Console,
  options: SignOptions,
  keyId: string,
  signed: readonly SignedImage[],
  logUrl: string | undefined,
): void {
  if (options.output === 'json') {
    printJson(console, { keyId, signed });
    return;
  }
  for (const s of signed) {
    const what = s.alreadyPresent ? 'Signature already present' : 'Pushed signature';
    console.out(`${what} for ${s.reference} (${s.layout}) to ${s.pushedTo}`);
    if (s.tlogEntry !== undefined)
      console.out(
        `Recorded in the transparency log ${logUrl ?? ''} at index ${s.tlogEntry.logIndex} (entry ${s.tlogEntry.entryId})`,
      );
  }
}
