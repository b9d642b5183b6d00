/**
 * `signet verify-blob-attestation --key K --type T (--bundle FILE | --signature FILE) FILE`:
 * verifies an attestation about a file, made by `signet attest-blob` or cosign: the DSSE
 * envelope (alone, or in a Sigstore bundle) must verify with the key, and its statement
 * name the file's SHA-256 (or `--digest sha256:<hex>` when the file is not at hand), with
 * the same type, provenance, policy and log checks as `verify-attestation`.
 */
import type { Command } from 'commander';
import { parseSigstoreBundle } from '../../signing/bundle/index.js';
import { verifyAttestations, type AttestationCandidate } from '../../signing/attest/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { addOutputOption } from '../options.js';
import { printJson } from '../output.js';
import { readCliFileBytes } from '../read-text-file.js';
import { attestedBlobDigest } from '../signing/blob-file.js';
import {
  addVerifyAttestationOptions,
  failureOf,
  prepareChecks,
  requireKeyOrIdentity,
  type VerifyAttestationOptions,
} from './verify-attestation.js';

/** A bundle or envelope file; as large as the statements verify-attestation reads. */
const MAX_ENVELOPE_FILE_BYTES = 24 * 1024 * 1024;

interface VerifyBlobAttestationOptions extends VerifyAttestationOptions {
  bundle?: string;
  signature?: string;
  digest?: string;
  insecureIgnoreTlog?: boolean;
}

export function registerVerifyBlobAttestationCommand(program: Command, context: CliContext): void {
  const command = addVerifyAttestationOptions(
    program
      .command('verify-blob-attestation')
      .description('verify an in-toto attestation about a file (cosign-compatible)')
      .argument('[file]', 'the file the statement must be about')
      .option('--bundle <file>', 'a Sigstore bundle holding the DSSE envelope')
      .option('--signature <file>', 'the DSSE envelope (cosign attest-blob --output-signature)')
      .option('--digest <sha256:hex>', "the file's digest, instead of the file")
      .option('--rekor-url <url>', "cosign's name for --tlog-url")
      .option('--insecure-ignore-tlog', 'do not check transparency-log entries')
      .option(
        '--trusted-root <file>',
        'Sigstore trusted root JSON: its logs (and, keyless, its CAs); default public-good',
      ),
  );
  addOutputOption(command).action(
    async (file: string | undefined, options: VerifyBlobAttestationOptions) => {
      context.format = options.output;
      requireKeyOrIdentity(options);
      if ((options.bundle === undefined) === (options.signature === undefined))
        throw cliError('CLI_USAGE', 'give one of --bundle FILE or --signature FILE');
      if ((file === undefined) === (options.digest === undefined))
        throw cliError('CLI_USAGE', 'give the file, or --digest sha256:<hex>, not both');
      let digest = options.digest;
      if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest))
        throw cliError(
          'CLI_USAGE',
          `--digest must be sha256:<64 hex digits>, got "${digest.slice(0, 80)}"`,
        );
      if (file !== undefined) digest = await attestedBlobDigest(file, 'file');
      const prepared = await prepareChecks(context, options);
      const path = (options.bundle ?? options.signature)!;
      const bytes = await readCliFileBytes(path, {
        what: options.bundle ? 'bundle' : 'signature',
        maxBytes: MAX_ENVELOPE_FILE_BYTES,
      });
      let candidate: AttestationCandidate;
      if (options.bundle !== undefined) {
        const parsed = parseSigstoreBundle(bytes, `bundle ${path}`);
        if (parsed.envelope === undefined)
          throw cliError(
            'CLI_USAGE',
            `bundle ${path} holds a message signature, not an attestation: use verify-blob`,
          );
        candidate = {
          source: `bundle ${path}`,
          envelope: parsed.envelope,
          extra: {
            layout: 'bundle',
            bundle: bytes,
            json: parsed.json,
            tlogEntries: parsed.tlogEntryJson,
          },
        };
      } else
        candidate = {
          source: `signature ${path}`,
          envelope: bytes,
          extra: { layout: 'legacy', annotations: {} },
        };
      const verdict = verifyAttestations([candidate], { ...prepared, subjectDigest: digest! });
      const what = file ?? digest!;
      if (verdict.verified.length === 0) throw failureOf(what, prepared.predicateType, verdict, []);
      if (options.output === 'json')
        printJson(
          context.console,
          verdict.verified.map((v) => ({
            source: v.source,
            keyId: v.keyId,
            statement: v.statement.json,
          })),
        );
      context.console.err('Verified OK');
    },
  );
}
