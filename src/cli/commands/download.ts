/**
 * `signet download signature IMAGE`: prints everything signed about the image's digest as
 * `cosign download signature` does, one JSON document per line and per signature (Sigstore
 * bundles, then legacy `.sig` layers as cosign's SignedPayload), so that scripts written for
 * cosign read it and `signet verify --offline --signatures FILE IMAGE@digest` checks it
 * later without a registry. `--format signet` prints Signet's signature set instead (one
 * document naming the image digest, the `.sig` tag and each referrer, and what could not
 * be read). `signet download attestation` is in attest-download.ts.
 */
import type { Command } from 'commander';
import {
  encodeCosignSignatureLines,
  encodeSignatureSet,
  fetchSignatures,
} from '../../signing/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { addRegistryOptions } from '../options.js';
import { addCosignDownloadFlags } from '../signing/cosign-flags.js';
import { downloadFromImage, type DownloadFlags } from '../signing/download-image.js';
import { registerDownloadAttestationCommand } from './attest-download.js';
import { registerDownloadSbomCommand } from './download-sbom.js';

interface DownloadOptions extends DownloadFlags {
  format: string;
}

const FORMATS = ['cosign', 'signet'];

export function registerDownloadCommands(program: Command, context: CliContext): void {
  const download = program.command('download').description('download what is attached to an image');
  const signature = addRegistryOptions(
    download
      .command('signature')
      .description(
        "print the image's signatures (both layouts), one JSON document per line as cosign does",
      )
      .argument('<image>', 'image reference; a tag is resolved to its digest')
      .option(
        '--signature-repository <repo>',
        'read signatures from this repository (or SIGNET_REPOSITORY / COSIGN_REPOSITORY)',
      )
      .option(
        '--format <format>',
        "cosign: one bundle or signature per line; signet: Signet's signature set",
        'cosign',
      ),
  );
  registerDownloadAttestationCommand(download, context);
  registerDownloadSbomCommand(download, context);
  addCosignDownloadFlags(signature).action(async (image: string, options: DownloadOptions) => {
    if (!FORMATS.includes(options.format))
      throw cliError('CLI_USAGE', `--format must be cosign or signet, got "${options.format}"`);
    await downloadFromImage(context, image, options, async ({ client, image, store }) => {
      const set = await fetchSignatures(
        client,
        image,
        store === undefined ? {} : { signatureRepository: store },
      );
      const text =
        options.format === 'signet' ? encodeSignatureSet(set) : encodeCosignSignatureLines(set);
      // No signature, no line: as cosign, which prints nothing then.
      return { problems: set.problems, lines: text === '' ? [] : [text] };
    });
  });
}
