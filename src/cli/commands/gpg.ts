/**
 * `signet gpg sign|verify`: containers-image simple signing with OpenPGP keys, signatures
 * kept in lookaside stores (docs/lookaside.md) so that podman, skopeo and CRI-O verify them.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { gpgSignImages, gpgVerifyImages, readSecretLine } from '../gpg/index.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { addOutputOption, addRegistryOptions } from '../options.js';
import { printJson } from '../output.js';
import { registryClientFrom } from '../registry-client.js';
import { exitCodeFor } from '../exit-codes.js';

export interface LookasideFlags {
  registriesD?: string;
  lookaside?: string;
}

export interface GpgSignFlags extends OutputOptions, RegistryFlags, LookasideFlags {
  gpgKey: string;
  gpgPassphraseFile?: string;
  fingerprint?: string;
  upload?: string;
  uploadTokenFile?: string;
}

export interface GpgVerifyFlags extends OutputOptions, RegistryFlags, LookasideFlags {
  keyring: string[];
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function addLookasideOptions(command: Command): Command {
  return command
    .option(
      '--registries-d <dir>',
      'registries.d folder naming lookaside stores (default as podman: ~/.config/containers/registries.d or /etc/containers/registries.d)',
    )
    .option(
      '--lookaside <url|dir>',
      'lookaside store for every image: file:// or http(s):// URL, or a folder',
    );
}

/** Where GPG signatures go and how the key is unlocked; shared with `signet sign --gpg-key`. */
export function addGpgSigningOptions(command: Command): Command {
  return addLookasideOptions(command)
    .option('--gpg-passphrase-file <file>', 'file whose first line unlocks the GPG key')
    .option('--fingerprint <fpr>', 'GPG key to use when the key file holds several')
    .option(
      '--upload <url>',
      'upload to a Signet signature server (signet serve lookaside) instead of writing files',
    )
    .option('--upload-token-file <file>', 'file whose first line is the upload bearer token');
}

export function registerGpgCommands(program: Command, context: CliContext): void {
  const gpg = program
    .command('gpg')
    .description('GPG simple signing (podman/skopeo signatures) in lookaside stores');

  addRegistryOptions(addOutputOption(addGpgSigningOptions(gpg.command('sign'))))
    .description('sign images with an OpenPGP key and store signature-N in their lookaside store')
    .argument('<image...>', 'image references; the signature names each as given (with its tag)')
    .requiredOption(
      '--gpg-key <file>',
      'OpenPGP private key (armored or binary, e.g. gpg --export-secret-keys)',
    )
    .action((images: string[], flags: GpgSignFlags) => runGpgSign(context, images, flags));

  addRegistryOptions(addOutputOption(addLookasideOptions(gpg.command('verify'))))
    .description('verify the GPG simple signatures of images against trusted OpenPGP keys')
    .argument(
      '<image...>',
      'image references (by tag: the signature must name that tag; by digest: any tag of the repository)',
    )
    .requiredOption(
      '--keyring <file>',
      'trusted OpenPGP public keys (armored or binary); repeatable',
      collect,
    )
    .action((images: string[], flags: GpgVerifyFlags) => runGpgVerify(context, images, flags));
}

/** Signs `images` with an OpenPGP key into their lookaside store; `signet sign --gpg-key` uses it too. */
export async function runGpgSign(
  context: CliContext,
  images: string[],
  flags: GpgSignFlags,
): Promise<void> {
  context.format = flags.output;
  if ((flags.upload === undefined) !== (flags.uploadTokenFile === undefined)) {
    throw cliError('CLI_USAGE', '--upload and --upload-token-file go together');
  }
  const client = await registryClientFrom(flags, context.env);
  try {
    const results = await gpgSignImages({
      images,
      gpgKeyFile: flags.gpgKey,
      ...(flags.gpgPassphraseFile === undefined ? {} : { passphraseFile: flags.gpgPassphraseFile }),
      ...(flags.fingerprint === undefined ? {} : { fingerprint: flags.fingerprint }),
      ...(flags.registriesD === undefined ? {} : { registriesDir: flags.registriesD }),
      ...(flags.lookaside === undefined ? {} : { lookaside: flags.lookaside }),
      ...(flags.upload === undefined
        ? {}
        : {
            lookasideUpload: {
              url: flags.upload,
              token: await readSecretLine(flags.uploadTokenFile!, 'upload token file'),
            },
          }),
      client,
    });
    if (flags.output === 'json') printJson(context.console, results);
    else {
      for (const r of results) {
        context.console.out(
          `signed ${r.identity} (${r.digest}) with key ${r.signerFingerprint}: signature-${r.stored.index} at ${r.stored.url}`,
        );
      }
    }
  } finally {
    await client.close();
  }
}

/** Verifies the GPG simple signatures of `images`; `signet verify --gpg-keyring` uses it too. */
export async function runGpgVerify(
  context: CliContext,
  images: string[],
  flags: GpgVerifyFlags,
): Promise<void> {
  context.format = flags.output;
  const client = await registryClientFrom(flags, context.env);
  try {
    const results = await gpgVerifyImages({
      images,
      keyringFiles: flags.keyring,
      ...(flags.registriesD === undefined ? {} : { registriesDir: flags.registriesD }),
      ...(flags.lookaside === undefined ? {} : { lookaside: flags.lookaside }),
      client,
    });
    if (flags.output === 'json') {
      printJson(
        context.console,
        results.map((r) => ({
          image: r.image,
          digest: r.digest,
          verified: r.verified,
          signatures: r.outcomes.map((o) =>
            o.kind === 'accepted'
              ? {
                  source: o.source,
                  status: 'accepted',
                  signer: o.signature.signerFingerprint,
                  identity: o.signature.payload.dockerReference,
                }
              : o.kind === 'rejected'
                ? {
                    source: o.source,
                    status: 'rejected',
                    code: o.error.code,
                    reason: o.error.message,
                  }
                : { source: o.source, status: 'skipped', reason: o.reason },
          ),
          ...(r.error === undefined ? {} : { error: r.error.toJSON() }),
        })),
      );
    }
    for (const r of results) {
      if (flags.output === 'text') {
        const accepted = r.outcomes.find((o) => o.kind === 'accepted');
        if (accepted?.kind === 'accepted') {
          context.console.out(
            `verified ${r.image} (${r.digest}): ${accepted.source} by key ${accepted.signature.signerFingerprint}`,
          );
        } else context.console.err(`error [${r.error!.code}]: ${r.error!.message}`);
      }
      if (r.error !== undefined)
        context.exitCode = Math.max(context.exitCode, exitCodeFor(r.error));
    }
  } finally {
    await client.close();
  }
}
