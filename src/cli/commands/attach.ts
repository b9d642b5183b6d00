/**
 * `signet attach sbom --type cyclonedx|spdx FILE IMAGE`: attaches an SBOM file to an image
 * as an OCI 1.1 referrer with the artifact type syft and ORAS users expect
 * (`application/vnd.cyclonedx+json`, `application/spdx+json`), so that `oras discover`,
 * `signet image tree` and `signet download sbom` find it. Prints the referrer's digest.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatReference, parseReference } from '../../oci/reference/index.js';
import {
  attachSbom,
  MAX_SBOM_BYTES,
  SBOM_TYPES,
  type SbomType,
} from '../../signing/sbom/attach/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { addOutputOption, addRegistryOptions } from '../options.js';
import { printJson } from '../output.js';
import { readCliFileBytes } from '../read-text-file.js';
import { registryClientFrom } from '../registry-client.js';

interface AttachOptions extends RegistryFlags, OutputOptions {
  type: string;
}

export function registerAttachCommands(program: Command, context: CliContext): void {
  const attach = program
    .command('attach')
    .description('attach artifacts to an image as OCI referrers');
  addOutputOption(
    addRegistryOptions(
      attach
        .command('sbom')
        .description('attach an SBOM file to an image as an OCI referrer')
        .requiredOption('--type <type>', `SBOM type: ${SBOM_TYPES.join(' or ')}`)
        .argument('<file>', 'the SBOM document (CycloneDX JSON/XML, SPDX JSON/tag-value)')
        .argument('<image>', 'image reference; a tag is resolved to its digest'),
    ),
  ).action(async (file: string, image: string, options: AttachOptions) => {
    context.format = options.output;
    if (!(SBOM_TYPES as readonly string[]).includes(options.type)) {
      throw cliError(
        'CLI_USAGE',
        `--type must be ${SBOM_TYPES.join(' or ')}, got "${options.type}"`,
      );
    }
    // Held to the same limit as SBOMs read back from registries, so what is attached can be read.
    const bytes = await readCliFileBytes(file, { what: 'SBOM file', maxBytes: MAX_SBOM_BYTES });
    const ref = parseReference(image);
    const client = await registryClientFrom(options, context.env, ref.registry, context);
    try {
      const attached = await attachSbom(
        client,
        ref,
        bytes,
        options.type as SbomType,
        basename(file),
      );
      if (options.output === 'json') {
        printJson(context.console, {
          image: formatReference({ ...ref, tag: undefined, digest: attached.subject }),
          ...attached,
        });
      } else {
        context.console.err(
          `attached ${attached.artifactType} to ${formatReference({ ...ref, tag: undefined, digest: attached.subject })}`,
        );
        context.console.out(attached.digest);
      }
    } finally {
      await client.close();
    }
  });
}
