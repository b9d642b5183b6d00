/**
 * `signet gpg sign|verify`: containers-image simple signing with OpenPGP keys, signatures
 * kept in lookaside stores (docs/lookaside.md) so that podman, skopeo and CRI-O verify them.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { addOutputOption, addRegistryOptions } from '../options.js';
import {
  addGpgSigningOptions,
  addLookasideOptions,
  type GpgSignFlags,
  type GpgVerifyFlags,
} from '../gpg/gpg-options.js';
import { runGpgSign, runGpgVerify } from '../gpg/run-gpg.js';
import { collectValues } from '../options.js';

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
      collectValues,
    )
    .action((images: string[], flags: GpgVerifyFlags) => runGpgVerify(context, images, flags));
}
