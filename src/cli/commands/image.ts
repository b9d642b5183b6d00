/**
 * `signet image digest|inspect|tree`: read-only views of an image in a registry.
 */
import type { Command } from 'commander';
import type { ImageReference } from '../../oci/reference/index.js';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import { discoverAttachments } from '../../signing/remote/index.js';
import { inspectImage } from '../../oci/inspect/index.js';
import type { CliContext } from '../context.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { addOutputOption, addRegistryOptions } from '../options.js';
import { printJson } from '../output.js';
import { registryClientFrom } from '../registry-client.js';
import { renderInspection } from '../render/inspect.js';
import { renderTree } from '../render/tree.js';

type ImageOptions = OutputOptions & RegistryFlags;

async function withClient<T>(
  context: CliContext,
  input: string,
  options: ImageOptions,
  run: (client: Awaited<ReturnType<typeof registryClientFrom>>, ref: ImageReference) => Promise<T>,
): Promise<T> {
  context.format = options.output;
  const ref = parseReference(input);
  const client = await registryClientFrom(options, context.env, ref.registry, context);
  try {
    return await run(client, ref);
  } finally {
    await client.close();
  }
}

function leaf(parent: Command, name: string, description: string): Command {
  return addRegistryOptions(addOutputOption(parent.command(name).description(description)));
}

export function registerImageCommands(program: Command, context: CliContext): void {
  const image = program
    .command('image')
    .description('read images in a registry: digests, manifests, attached signatures');

  leaf(image, 'digest', 'print the digest an image reference resolves to')
    .argument('<image>', 'image reference, e.g. registry.example/team/app:1.0')
    .action(async (input: string, options: ImageOptions) => {
      await withClient(context, input, options, async (client, ref) => {
        const digest = await client.resolveDigest(ref);
        if (options.output === 'json') {
          printJson(context.console, { reference: formatReference(ref), digest });
        } else {
          context.console.out(digest);
        }
      });
    });

  leaf(image, 'inspect', 'show the manifest, platforms and configuration of an image')
    .argument('<image>', 'image reference')
    .action(async (input: string, options: ImageOptions) => {
      await withClient(context, input, options, async (client, ref) => {
        const result = await inspectImage(client, ref);
        const reference = formatReference(ref);
        if (options.output === 'json') printJson(context.console, { reference, ...result });
        else context.console.out(renderInspection(reference, result));
      });
    });

  leaf(image, 'tree', 'show the signatures, attestations, SBOMs and referrers attached to an image')
    .argument('<image>', 'image reference')
    .action(async (input: string, options: ImageOptions) => {
      await withClient(context, input, options, async (client, ref) => {
        const digest = await client.resolveDigest(ref);
        if (ref.digest === undefined && options.output === 'text') {
          context.console.err(`resolved ${formatReference(ref)} to ${digest}`);
        }
        const tree = await discoverAttachments(client, withDigest(ref, digest));
        const reference = formatReference({ ...ref, digest: undefined });
        if (options.output === 'json') printJson(context.console, { reference, ...tree });
        else context.console.out(renderTree(reference, tree));
      });
    });
}
