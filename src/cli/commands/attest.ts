/**
 * `signet attest --key K --predicate FILE --type T IMAGE...`: signs an in-toto statement
 * about each image (tags are resolved to digests first, and Signet says so) and attaches
 * it as cosign does, in the legacy `.att` tag (default, cosign v2) or as a Sigstore
 * bundle referrer (`--layout bundle` / `--new-bundle-format`, cosign v3). `--type` takes
 * cosign's names or a URI; `--statement FILE` signs a statement made elsewhere, which
 * must name the image's digest; `--provenance` makes an SLSA v1 provenance predicate from
 * the CI run (see `signet provenance`). With `--tlog-url` the envelope is recorded as a
 * Rekor `dsse` entry, cosign's default `--rekor-entry-type`.
 */
import type { Command } from 'commander';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import {
  MAX_PREDICATE_BYTES,
  attestImage,
  predicateFromFile,
  predicateTypeUri,
  type AttestedImage,
} from '../../signing/attest/index.js';
import { openLogWriter } from '../../signing/sign/transparency-log.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { addOutputOption, addRegistryOptions } from '../options.js';
import { printJson, type Console } from '../output.js';
import { readCliFileBytes } from '../read-text-file.js';
import { registryClientFrom } from '../registry-client.js';
import {
  addCosignSignFlags,
  registryFlagsWithCosign,
  refuseSigningConfig,
} from '../signing/cosign-flags.js';
import { loadPrivateKey } from '../signing/key-loading.js';
import { withOutputFile } from '../signing/output-file.js';
import {
  addTlogCredentialOptions,
  collectAnnotation,
  logWriteCredentialsFrom,
  signatureRepositoryFrom,
} from '../signing/signing-options.js';
import { signatureLayoutFrom, signingLogUrl } from '../signing/image-signing-flags.js';
import type { AttestOptions } from './attest-options.js';
import { provenanceFromOptions, addProvenanceOptions } from './provenance-options.js';

export function registerAttestCommand(program: Command, context: CliContext): void {
  const command = program
    .command('attest')
    .description(
      'sign an in-toto attestation about container images and attach it (cosign-compatible)',
    )
    .argument('<image...>', 'image references; tags are resolved to digests')
    .option('--key <ref>', 'private key: file, env://VAR or k8s://NAMESPACE/NAME')
    .option('--predicate <file>', 'the predicate (JSON, or text for --type custom and spdx)')
    .option(
      '--type <type>',
      'custom (default), slsaprovenance, slsaprovenance02, slsaprovenance1, link, spdx, spdxjson, cyclonedx, vuln, openvex, or a predicate type URI',
    )
    .option(
      '--statement <file>',
      'sign this in-toto statement as it is; it must name the image digest',
    )
    .option(
      '--provenance',
      'make an SLSA v1 provenance predicate from the CI run (see signet provenance)',
    )
    .option(
      '-a, --annotation <key=value>',
      'annotation of the statement subject; repeatable',
      collectAnnotation,
    )
    .option('--replace', 'legacy layout: remove the .att layers of the same predicate type first')
    .option(
      '--signature-repository <repo>',
      'store attestations in this repository (or SIGNET_REPOSITORY / COSIGN_REPOSITORY)',
    )
    .option(
      '--layout <layout>',
      'legacy: sha256-<hex>.att tag (cosign v2, the default); bundle: Sigstore bundle referrer (cosign v3)',
    )
    .option(
      '--tlog-url <url>',
      'record each attestation in this Rekor v1 compatible log as a dsse entry (or SIGNET_TLOG_URL)',
    )
    .option(
      '--rekor-entry-type <kind>',
      'cosign: dsse (the default) is the only kind Signet writes',
    );
  addProvenanceOptions(command);
  addCosignSignFlags(addTlogCredentialOptions(addRegistryOptions(addOutputOption(command))));
  command.action(async (images: string[], options: AttestOptions) => {
    context.format = options.output;
    if (options.key === undefined)
      throw cliError('CLI_USAGE', 'give --key: the private key to sign with');
    refuseSigningConfig(options);
    if (options.rekorEntryType !== undefined && options.rekorEntryType !== 'dsse')
      throw cliError(
        'CLI_USAGE',
        `--rekor-entry-type ${options.rekorEntryType}: Signet records attestations as dsse entries only`,
      );
    const given = [options.predicate, options.statement, options.provenance].filter(
      (v) => v !== undefined,
    );
    if (given.length !== 1)
      throw cliError(
        'CLI_USAGE',
        'give exactly one of --predicate FILE, --statement FILE or --provenance',
      );
    const layout = signatureLayoutFrom(options);
    if (options.replace === true && layout === 'bundle')
      throw cliError(
        'CLI_USAGE',
        '--replace applies to the legacy .att layout only: referrers are never rewritten',
      );
    const type = options.provenance === true ? 'slsaprovenance1' : (options.type ?? 'custom');
    const predicateType = predicateTypeUri(type);
    const refs = images.map((image) => parseReference(image));
    const registry = registryFlagsWithCosign(
      options,
      refs.map((r) => r.registry),
    );
    const now = new Date();
    let predicate: unknown;
    let statement: { bytes: Uint8Array; what: string } | undefined;
    if (options.predicate !== undefined) {
      const bytes = await readCliFileBytes(options.predicate, {
        what: 'predicate file',
        maxBytes: MAX_PREDICATE_BYTES,
      });
      predicate = predicateFromFile(type, bytes, `predicate file ${options.predicate}`, now);
    } else if (options.statement !== undefined) {
      const bytes = await readCliFileBytes(options.statement, {
        what: 'statement file',
        maxBytes: MAX_PREDICATE_BYTES,
      });
      statement = { bytes, what: `statement file ${options.statement}` };
    }
    const signatureRepository = signatureRepositoryFrom(options.signatureRepository, context.env);
    const tlogUrl = signingLogUrl(options, context.env);
    const credentials = await logWriteCredentialsFrom(options, tlogUrl);
    const key = await loadPrivateKey(options.key, context.env);
    const log = tlogUrl === undefined ? undefined : openLogWriter(tlogUrl, credentials);
    const client = await registryClientFrom(registry, context.env, refs[0]?.registry, context);
    const attested: AttestedImage[] = [];
    try {
      for (const ref of refs) {
        const digest = await client.resolveDigest(ref);
        if (ref.digest === undefined)
          context.console.err(`resolved ${formatReference(ref)} to ${digest}`);
        const image = { ...withDigest(ref, digest), digest };
        // The predicate names no subject, so it is made (run file read, schema checked)
        // once, with the first image: a refusal names the image it would have been for.
        if (options.provenance === true)
          predicate ??= await provenanceFromOptions(
            options,
            context.env,
            [{ name: formatReference({ ...image, tag: undefined }), digest }],
            now,
          );
        attested.push(
          await attestImage(client, image, key, {
            predicateType,
            predicate,
            layout,
            ...(statement === undefined ? {} : { statement }),
            ...(options.annotation === undefined ? {} : { annotations: options.annotation }),
            ...(options.replace === true ? { replace: true } : {}),
            ...(signatureRepository === undefined ? {} : { signatureRepository }),
            ...(log === undefined ? {} : { transparencyLog: log }),
          }),
        );
      }
    } finally {
      await client.close();
      await log?.close();
    }
    await withOutputFile(context, options.outputFile, (console) =>
      printAttested(console, options.output === 'json', key.publicKey.keyId, attested, log?.url),
    );
  });
}

function printAttested(
  console: Console,
  json: boolean,
  keyId: string,
  attested: readonly AttestedImage[],
  logUrl: string | undefined,
): void {
  if (json) {
    printJson(console, { keyId, attested });
    return;
  }
  for (const a of attested) {
    const replaced = a.replaced > 0 ? `, replacing ${a.replaced}` : '';
    console.out(
      `Pushed attestation ${a.predicateType} for ${a.reference} (${a.layout}${replaced}) to ${a.pushedTo}`,
    );
    if (a.tlogEntry !== undefined)
      console.out(
        `Recorded in the transparency log ${logUrl ?? ''} at index ${a.tlogEntry.logIndex} (entry ${a.tlogEntry.entryId})`,
      );
  }
}
