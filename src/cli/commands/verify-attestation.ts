/**
 * `signet verify-attestation --key K --type T [--policy FILE] IMAGE...`: finds the image's
 * attestations in both layouts (`.att` tag, Sigstore bundle referrers) and verifies each:
 * DSSE signature with a trusted key, in-toto statement about the image digest, predicate
 * type, the SLSA v1 schema for provenance, slsa-verifier's checks (`--builder-id`,
 * `--source-uri`, `--source-digest`, `--build-type`) and a CEL condition over the
 * statement (`--policy FILE`; variables predicateType, predicate, subject, statement).
 * Output as cosign's: each verified DSSE envelope as one JSON line on stdout, the checks
 * performed on stderr. Exit 12 when none verifies, each refusal listed with its reason.
 */
import type { Command } from 'commander';
import { errorFactory } from '../../core/errors.js';
import { formatReference, parseReference, withDigest } from '../../oci/reference/index.js';
import { compileCelCondition, createCelEnvironment } from '../../policy/cel-condition.js';
import {
  ATTEST_ERRORS,
  fetchAttestations,
  predicateTypeUri,
  verifyAttestations,
  type AttestationsVerdict,
} from '../../signing/attest/index.js';
import { encodeDsseEnvelope } from '../../core/dsse.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { addOutputOption, addRegistryOptions, collectValues } from '../options.js';
import { printError, printJson } from '../output.js';
import type { OutputOptions, RegistryFlags } from '../options.js';
import { readTextFile } from '../read-text-file.js';
import { registryClientFrom } from '../registry-client.js';
import {
  addCosignVerifyFlags,
  registryFlagsWithCosign,
  tlogUrlFlag,
  type CosignFlags,
} from '../signing/cosign-flags.js';
import { loadPublicKey } from '../signing/key-loading.js';
import { withOutputFile } from '../signing/output-file.js';
import { signatureRepositoryFrom } from '../signing/signing-options.js';
import { tlogTrustFrom } from '../signing/verify-tlog-trust.js';
import { attestationTlogCheck } from './verify-attestation-tlog.js';
import { keylessAuthenticator } from './verify-attestation-keyless.js';
import {
  addCertificateIdentityOptions,
  wantsKeyless,
  type BundleIdentityFlags,
} from '../signing/bundle-verification.js';

const fail = errorFactory(ATTEST_ERRORS);

export interface VerifyAttestationOptions
  extends OutputOptions, RegistryFlags, CosignFlags, BundleIdentityFlags {
  key?: string[];
  type?: string;
  policy?: string;
  builderId?: string;
  sourceUri?: string;
  sourceDigest?: string;
  buildType?: string;
  signatureRepository?: string;
  tlogKey?: string[];
  tlogUrl?: string;
  tlogRequired?: boolean;
  tlogProofRequired?: boolean;
}

export function addVerifyAttestationOptions(command: Command): Command {
  return addCertificateIdentityOptions(command)
    .option(
      '--key <ref>',
      'trusted public key: file, env://VAR or k8s://NAMESPACE/NAME; repeatable',
      collectValues,
    )
    .option('--type <type>', "predicate type: cosign's names (default custom) or a URI")
    .option('--policy <file>', 'a CEL expression over the statement that must be true')
    .option('--builder-id <uri>', 'provenance: runDetails.builder.id must be this')
    .option(
      '--source-uri <uri>',
      'provenance: a resolved dependency must be this source (e.g. github.com/org/repo)',
    )
    .option('--source-digest <digest>', 'provenance: ...at this commit (hex or alg:hex)')
    .option('--build-type <uri>', 'provenance: buildDefinition.buildType must be this')
    .option(
      '--tlog-key <file>',
      "transparency log's public key (PEM): verify each attestation's log entry; repeatable",
      collectValues,
    )
    .option('--tlog-url <url>', "without --tlog-key: fetch the log's key from this log")
    .option('--tlog-required', 'refuse attestations that carry no verified transparency-log entry')
    .option(
      '--tlog-proof-required',
      'with --tlog-required: the entry must come with an inclusion proof and signed checkpoint, not only a SET (bundles)',
    );
}

export function registerVerifyAttestationCommand(program: Command, context: CliContext): void {
  const command = addVerifyAttestationOptions(
    program
      .command('verify-attestation')
      .description('verify the in-toto attestations of container images (cosign-compatible)')
      .argument('<image...>', 'image references')
      .option(
        '--signature-repository <repo>',
        'read attestations from this repository (or SIGNET_REPOSITORY / COSIGN_REPOSITORY)',
      ),
  );
  addCosignVerifyFlags(addRegistryOptions(addOutputOption(command))).action(
    async (images: string[], options: VerifyAttestationOptions) => {
      context.format = options.output;
      requireKeyOrIdentity(options);
      const prepared = await prepareChecks(context, options);
      const refs = images.map((image) => parseReference(image));
      const registry = registryFlagsWithCosign(
        options,
        refs.map((r) => r.registry),
      );
      const store = signatureRepositoryFrom(options.signatureRepository, context.env);
      const client = await registryClientFrom(registry, context.env, refs[0]?.registry, context);
      const results: {
        reference: string;
        verdict: AttestationsVerdict;
        problems: readonly string[];
      }[] = [];
      try {
        for (const ref of refs) {
          const digest = await client.resolveDigest(ref);
          const image = { ...withDigest(ref, digest), digest };
          const fetched = await fetchAttestations(client, image, store);
          for (const problem of fetched.problems) context.console.err(`warning: ${problem}`);
          const verdict = verifyAttestations(fetched.candidates, {
            ...prepared,
            subjectDigest: digest,
          });
          results.push({ reference: formatReference(image), verdict, problems: fetched.problems });
        }
      } finally {
        await client.close();
      }
      await withOutputFile(context, options.outputFile, (console) => {
        if (options.output === 'json') {
          printJson(console, results.map(jsonResult));
          return;
        }
        for (const r of results) {
          if (r.verdict.verified.length === 0) continue;
          context.console.err(`\nVerification for ${r.reference} --`);
          context.console.err('The following checks were performed on each of these signatures:');
          context.console.err('  - The cosign claims were validated');
          if (prepared.tlogChecked)
            context.console.err(
              '  - Existence of the claims in the transparency log was verified offline',
            );
          context.console.err('  - The signatures were verified against the specified public key');
          for (const v of r.verdict.verified) console.out(encodeDsseEnvelope(v.envelope));
        }
      });
      const failures = results
        .filter((r) => r.verdict.verified.length === 0)
        .map((r) => failureOf(r.reference, prepared.predicateType, r.verdict, r.problems));
      const [first, ...rest] = failures;
      if (first === undefined) return;
      for (const failure of rest) printError(context.console, failure, options.output);
      throw first;
    },
  );
}

export function requireKeyOrIdentity(options: VerifyAttestationOptions): void {
  if ((options.key === undefined) === !wantsKeyless(options))
    throw cliError(
      'CLI_USAGE',
      'give --key, or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp], not both',
    );
}

/** Keys, type, expectations, condition and log trust: compiled once for every image. */
export async function prepareChecks(context: CliContext, options: VerifyAttestationOptions) {
  const keys = await Promise.all((options.key ?? []).map((ref) => loadPublicKey(ref, context.env)));
  const predicateType = predicateTypeUri(options.type ?? 'custom');
  let condition: ((statement: Readonly<Record<string, unknown>>) => string | undefined) | undefined;
  if (options.policy !== undefined) {
    const text = (await readTextFile(options.policy, { what: 'policy file' })).trim();
    const compiled = compileCelCondition(createCelEnvironment(), text);
    if (!compiled.ok)
      throw fail(
        'ATTESTATION_POLICY_INVALID',
        `the policy file ${options.policy}: ${compiled.problem}`,
      );
    condition = (statement) => {
      const outcome = compiled.condition.evaluate(statement);
      return outcome.ok ? undefined : `policy ${options.policy}: ${outcome.reason}`;
    };
  }
  if (options.tlogProofRequired === true && options.tlogRequired !== true)
    throw cliError('CLI_USAGE', '--tlog-proof-required needs --tlog-required');
  const tlogUrl = tlogUrlFlag(options.tlogUrl, options);
  // Keyless bundles have their log entries checked by the bundle verifier itself.
  const keyless = wantsKeyless(options);
  const tlog = keyless
    ? undefined
    : await tlogTrustFrom(context, {
        ...options,
        ...(tlogUrl === undefined ? {} : { tlogUrl }),
      });
  const provenance = {
    ...(options.builderId === undefined ? {} : { builderId: options.builderId }),
    ...(options.sourceUri === undefined ? {} : { sourceUri: options.sourceUri }),
    ...(options.sourceDigest === undefined ? {} : { sourceDigest: options.sourceDigest }),
    ...(options.buildType === undefined ? {} : { buildType: options.buildType }),
  };
  return {
    keys,
    predicateType,
    provenance,
    tlogChecked: tlog !== undefined || (keyless && options.insecureIgnoreTlog !== true),
    ...(keyless ? { authenticate: await keylessAuthenticator(options) } : {}),
    ...(condition === undefined ? {} : { condition }),
    ...(tlog === undefined
      ? {}
      : { extraCheck: attestationTlogCheck(tlog, keys, options.tlogProofRequired === true) }),
  };
}

export function failureOf(
  what: string,
  predicateType: string,
  verdict: AttestationsVerdict,
  problems: readonly string[],
) {
  const notes = problems.length === 0 ? '' : `; could not read: ${problems.join('; ')}`;
  if (verdict.refused.length === 0)
    return fail('ATTESTATION_NOT_FOUND', `${what} has no attestations${notes}`, {
      details: { problems },
    });
  const reasons = verdict.refused.map((r) => r.reason).join('\n  ');
  return fail(
    'ATTESTATION_UNVERIFIED',
    `no attestation of type ${predicateType} verifies for ${what}:\n  ${reasons}${notes}`,
    { details: { refused: verdict.refused, problems } },
  );
}

function jsonResult(r: {
  reference: string;
  verdict: AttestationsVerdict;
  problems: readonly string[];
}) {
  return {
    reference: r.reference,
    verified: r.verdict.verified.map((v) => ({
      source: v.source,
      keyId: v.keyId,
      statement: v.statement.json,
    })),
    refused: r.verdict.refused,
    problems: r.problems,
  };
}
