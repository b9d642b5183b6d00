/**
 * `signet notation list IMAGE`: the Notary Project signatures attached to an image, with
 * envelope format, signer and signed times, without judging them (as `notation list`).
 */
import type { Command } from 'commander';
import { describeError } from '../../core/errors.js';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import { decodeEnvelope, listNotationSignatures } from '../../signing/notation/index.js';
import type { CliContext } from '../context.js';
import {
  addOutputOption,
  addRegistryOptions,
  type OutputOptions,
  type RegistryFlags,
} from '../options.js';
import { printJson } from '../output.js';
import { registryClientFrom } from '../registry-client.js';

export function registerNotationList(group: Command, context: CliContext): void {
  addRegistryOptions(
    addOutputOption(
      group
        .command('list')
        .alias('ls')
        .description('list the Notary Project signatures of an image (not verified)')
        .argument('<image>', 'image reference'),
    ),
  ).action(async (imageText: string, options: OutputOptions & RegistryFlags) => {
    context.format = options.output;
    const ref = parseReference(imageText);
    const client = await registryClientFrom(options, context.env, ref.registry, context);
    try {
      const pinned = withDigest(ref, ref.digest ?? (await client.resolveDigest(ref)));
      const listed = await listNotationSignatures(client, pinned);
      const rows = listed.envelopes.map((e) => {
        try {
          const info = decodeEnvelope(e.bytes, e.mediaType, `signature ${e.manifestDigest}`);
          return {
            digest: e.manifestDigest,
            mediaType: e.mediaType,
            signingScheme: info.signedAttributes.signingScheme,
            signingTime: info.signedAttributes.signingTime.toISOString(),
            ...(info.signedAttributes.expiry === undefined
              ? {}
              : { expiry: info.signedAttributes.expiry.toISOString() }),
            signer: info.certificateChain[0]!.subject.replace(/\n/g, ', '),
            signingAgent: info.signingAgent ?? '',
            timestamped: info.timestampToken !== undefined,
          };
        } catch (error) {
          return {
            digest: e.manifestDigest,
            mediaType: e.mediaType,
            problem: describeError(error),
          };
        }
      });
      for (const problem of listed.problems) context.console.err(`warning: ${problem}`);
      if (options.output === 'json') {
        printJson(context.console, {
          image: formatReference(pinned),
          referrersSource: listed.source,
          signatures: rows,
        });
        return;
      }
      context.console.out(
        `${formatReference(pinned)} (${listed.source === 'api' ? 'referrers API' : 'referrers tag schema'})`,
      );
      for (const row of rows) {
        context.console.out(
          'problem' in row
            ? `  ${row.digest} ${row.mediaType}: unreadable: ${row.problem}`
            : `  ${row.digest} ${row.mediaType} ${row.signingScheme} signed ${row.signingTime} by ${row.signer}`,
        );
      }
    } finally {
      await client.close();
    }
  });
}
