/**
 * `signet download sbom IMAGE [--type cyclonedx|spdx]`: prints the SBOM attached to an
 * image (an OCI referrer, as `signet attach sbom` and `oras attach` write them, or cosign's
 * legacy `.sbom` tag), read by digest. With several attached, the newest referrer listed
 * is printed and the others are named on stderr, as `--all` prints each on its own line.
 * Registered under `signet download` beside `download signature`.
 */
import type { Command } from 'commander';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import { fetchAttachedSboms, SBOM_TYPES, type SbomType } from '../../signing/sbom/attach/index.js';
import { sbomError } from '../../signing/sbom/errors.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import type { RegistryFlags } from '../options.js';
import { addRegistryOptions } from '../options.js';
import { registryClientFrom } from '../registry-client.js';
import { withOutputFile } from '../signing/output-file.js';

interface DownloadSbomOptions extends RegistryFlags {
  type?: string;
  all?: boolean;
  outputFile?: string;
}

/** Adds `sbom` to the `signet download` group (download.ts creates the group). */
export function registerDownloadSbomCommand(download: Command, context: CliContext): void {
  addRegistryOptions(
    download
      .command('sbom')
      .description('print the SBOM attached to an image (OCI referrer or cosign .sbom tag)')
      .argument('<image>', 'image reference; a tag is resolved to its digest')
      .option('--type <type>', `only SBOMs of this type: ${SBOM_TYPES.join(' or ')}`)
      .option('--all', 'print every attached SBOM, one document per line')
      .option('--output-file <file>', 'write to this file instead of stdout'),
  ).action(async (image: string, options: DownloadSbomOptions) => {
    if (options.type !== undefined && !(SBOM_TYPES as readonly string[]).includes(options.type)) {
      throw cliError(
        'CLI_USAGE',
        `--type must be ${SBOM_TYPES.join(' or ')}, got "${options.type}"`,
      );
    }
    const ref = parseReference(image);
    const client = await registryClientFrom(options, context.env, ref.registry, context);
    try {
      const digest = await client.resolveDigest(ref);
      if (ref.digest === undefined)
        context.console.err(`resolved ${formatReference(ref)} to ${digest}`);
      const sboms = await fetchAttachedSboms(
        client,
        withDigest(ref, digest),
        options.type as SbomType | undefined,
      );
      if (sboms.length === 0) {
        throw sbomError(
          'SBOM_NOT_FOUND',
          `no ${options.type ?? ''}${options.type === undefined ? '' : ' '}SBOM is attached to ${formatReference({ ...ref, tag: undefined, digest })}; attach one with signet attach sbom`,
        );
      }
      const chosen = options.all === true ? sboms : [sboms.at(-1)!];
      if (options.all !== true && sboms.length > 1) {
        context.console.err(
          `${sboms.length} SBOMs are attached; printing ${chosen[0]!.source} (use --all for every one)`,
        );
      }
      await withOutputFile(context, options.outputFile, (console) => {
        for (const sbom of chosen) {
          const text = new TextDecoder().decode(sbom.bytes);
          console.out(options.all === true ? oneLine(text) : text.trimEnd());
        }
      });
    } finally {
      await client.close();
    }
  });
}

/**
 * `--all` prints one document per line: JSON SBOMs compacted; an SBOM in another encoding
 * (SPDX tag-value, XML) attached by another tool is printed as it is rather than refused.
 */
function oneLine(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trimEnd();
  }
}
