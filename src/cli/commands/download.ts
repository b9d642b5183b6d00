/**
 * `signet download signature IMAGE`: writes everything signed about the image's digest
 * (legacy `.sig` layers with payloads and annotations, Sigstore bundle referrers) as JSON
 * on stdout, so that `signet verify --offline --signatures FILE IMAGE@digest` can check it
 * later without a registry.
 */
import type { Command } from 'commander';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import { encodeSignatureSet, fetchSignatures } from '../../signing/index.js';
import type { CliContext } from '../context.js';
import type { RegistryFlags } from '../options.js';
import { addRegistryOptions } from '../options.js';
import { registryClientFrom } from '../registry-client.js';
import { signatureRepositoryFrom } from '../signing/signing-options.js';

interface DownloadOptions extends RegistryFlags {
  signatureRepository?: string;
}

export function registerDownloadCommands(program: Command, context: CliContext): void {
  const download = program.command('download').description('download what is attached to an image');
  addRegistryOptions(
    download
      .command('signature')
      .description("write the image's signature set (both layouts) as JSON to stdout")
      .argument('<image>', 'image reference; a tag is resolved to its digest')
      .option(
        '--signature-repository <repo>',
        'read signatures from this repository (or SIGNET_REPOSITORY / COSIGN_REPOSITORY)',
      ),
  ).action(async (image: string, options: DownloadOptions) => {
    const ref = parseReference(image);
    const signatureRepository = signatureRepositoryFrom(options.signatureRepository, context.env);
    const client = await registryClientFrom(options, context.env, ref.registry);
    try {
      const digest = await client.resolveDigest(ref);
      if (ref.digest === undefined)
        context.console.err(`resolved ${formatReference(ref)} to ${digest}`);
      const set = await fetchSignatures(
        client,
        withDigest(ref, digest),
        signatureRepository === undefined ? {} : { signatureRepository },
      );
      context.console.out(encodeSignatureSet(set));
    } finally {
      await client.close();
    }
  });
}
