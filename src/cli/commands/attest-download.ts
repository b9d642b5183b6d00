/**
 * `signet download attestation IMAGE [--predicate-type T]`: prints the image's attestations
 * as `cosign download attestation` does, one JSON document per line: the DSSE envelope of
 * each `.att` layer, then each Sigstore bundle attached as a referrer. `--predicate-type`
 * (cosign's names or a URI) keeps those whose statement claims that type; nothing is
 * verified here (see verify-attestation).
 */
import type { Command } from 'commander';
import { encodeDsseEnvelope } from '../../core/dsse.js';
import {
  fetchAttestations,
  predicateTypeUri,
  type AttestationCandidate,
  type AttestationSource,
} from '../../signing/attest/index.js';
import { openStatementEnvelope } from '../../signing/intoto/index.js';
import type { CliContext } from '../context.js';
import { addRegistryOptions } from '../options.js';
import { addCosignDownloadFlags } from '../signing/cosign-flags.js';
import { downloadFromImage, type DownloadFlags } from '../signing/download-image.js';

interface DownloadAttestationOptions extends DownloadFlags {
  predicateType?: string;
}

export function registerDownloadAttestationCommand(download: Command, context: CliContext): void {
  const command = addRegistryOptions(
    download
      .command('attestation')
      .description(
        "print the image's attestations (both layouts), one JSON document per line as cosign does",
      )
      .argument('<image>', 'image reference; a tag is resolved to its digest')
      .option('--predicate-type <type>', "only attestations of this type: cosign's names or a URI")
      .option(
        '--signature-repository <repo>',
        'read attestations from this repository (or SIGNET_REPOSITORY / COSIGN_REPOSITORY)',
      ),
  );
  addCosignDownloadFlags(command).action(
    async (image: string, options: DownloadAttestationOptions) => {
      const wanted =
        options.predicateType === undefined ? undefined : predicateTypeUri(options.predicateType);
      await downloadFromImage(context, image, options, async ({ client, image, store }) => {
        const fetched = await fetchAttestations(client, image, store);
        const lines = fetched.candidates.filter((c) => ofType(c, wanted)).map(lineOf);
        return { problems: fetched.problems, lines };
      });
    },
  );
}

/** The claimed type, read without verifying: a filter, not a check. */
function ofType(candidate: AttestationCandidate, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const opened = openStatementEnvelope(candidate.envelope, { predicateType: wanted });
  return opened.ok;
}

function lineOf(candidate: AttestationCandidate): string {
  const source = candidate.extra as AttestationSource;
  if (source.layout === 'bundle') return new TextDecoder().decode(source.bundle).trim();
  return candidate.envelope instanceof Uint8Array
    ? new TextDecoder().decode(candidate.envelope).trim()
    : encodeDsseEnvelope(candidate.envelope);
}
