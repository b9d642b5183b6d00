/**
 * `signet sbom IMAGE --format cyclonedx-json|spdx-json [--platform os/arch[/variant]]`:
 * generates an SBOM from the image's layers, streamed from the registry (nothing is
 * unpacked on disk). An index gives one SBOM per platform: printed one document per line,
 * or written as one file per platform into `--output-dir`. Warnings (hostile names
 * clamped, metadata files over their cap) go to stderr.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatReference, parseReference } from '../../oci/reference/index.js';
import {
  catalogImage,
  cycloneDxDocument,
  DEFAULT_READ_LIMITS,
  platformName,
  SBOM_FORMATS,
  spdxDocument,
  type ImageCatalog,
  type SbomFormat,
} from '../../signing/sbom/generate/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import type { RegistryFlags } from '../options.js';
import { addRegistryOptions } from '../options.js';
import { registryClientFrom } from '../registry-client.js';
import { withOutputFile } from '../signing/output-file.js';
import { SIGNET_VERSION } from '../version.js';

interface SbomOptions extends RegistryFlags {
  format: string;
  platform?: string;
  outputFile?: string;
  outputDir?: string;
  maxLayerBytes?: string;
}

export function sbomDocument(catalog: ImageCatalog, format: SbomFormat): unknown {
  const tool = { name: 'signet', version: SIGNET_VERSION };
  return format === 'cyclonedx-json'
    ? cycloneDxDocument(catalog, tool, new Date())
    : spdxDocument(catalog, tool, new Date());
}

export function registerSbomCommand(program: Command, context: CliContext): void {
  addRegistryOptions(
    program
      .command('sbom')
      .description("generate an SBOM from an image's layers (dpkg, apk, rpm, npm, Python, Go)")
      .argument('<image>', 'image reference; an index gives one SBOM per platform')
      .option('--format <format>', `SBOM format: ${SBOM_FORMATS.join(' or ')}`, 'cyclonedx-json')
      .option('--platform <os/arch[/variant]>', 'only this platform of a multi-platform index')
      .option(
        '--output-file <file>',
        'write the SBOM (or one per line) to this file instead of stdout',
      )
      .option(
        '--output-dir <dir>',
        'write one file per platform, named <os>-<arch>[-<variant>].<format>.json',
      )
      .option(
        '--max-layer-bytes <n>',
        'refuse a layer expanding to more than n bytes (default 8 GiB)',
      ),
  ).action(async (image: string, options: SbomOptions) => {
    if (!(SBOM_FORMATS as readonly string[]).includes(options.format)) {
      throw cliError(
        'CLI_USAGE',
        `--format must be ${SBOM_FORMATS.join(' or ')}, got "${options.format}"`,
      );
    }
    const format = options.format as SbomFormat;
    const maxLayerBytes =
      options.maxLayerBytes === undefined
        ? DEFAULT_READ_LIMITS.maxLayerBytes
        : Number(options.maxLayerBytes);
    if (!Number.isSafeInteger(maxLayerBytes) || maxLayerBytes <= 0) {
      throw cliError(
        'CLI_USAGE',
        `--max-layer-bytes must be a positive integer, got "${options.maxLayerBytes}"`,
      );
    }
    const ref = parseReference(image);
    const client = await registryClientFrom(options, context.env, ref.registry, context);
    try {
      const catalogs = await catalogImage(client, ref, {
        ...(options.platform === undefined ? {} : { platform: options.platform }),
        limits: { ...DEFAULT_READ_LIMITS, maxLayerBytes },
      });
      for (const catalog of catalogs) {
        for (const warning of catalog.warnings) context.console.err(`warning: ${warning}`);
        context.console.err(
          `${formatReference(ref)} ${platformName(catalog.platform)} (${catalog.digest}): ${catalog.packages.length} packages`,
        );
      }
      if (options.outputDir !== undefined) {
        await mkdir(options.outputDir, { recursive: true });
        for (const catalog of catalogs) {
          const name = `${platformName(catalog.platform).replaceAll('/', '-')}.${format}.json`;
          await writeFile(
            join(options.outputDir, name),
            `${JSON.stringify(sbomDocument(catalog, format), null, 2)}\n`,
          );
        }
        return;
      }
      await withOutputFile(context, options.outputFile, (console) => {
        for (const catalog of catalogs) {
          const document = sbomDocument(catalog, format);
          console.out(
            catalogs.length === 1 ? JSON.stringify(document, null, 2) : JSON.stringify(document),
          );
        }
      });
    } finally {
      await client.close();
    }
  });
}
