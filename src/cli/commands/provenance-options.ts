/**
 * The flags that describe a build for SLSA provenance, shared by `signet provenance` and
 * `signet attest --provenance`. What the CI system says (GitHub Actions, GitLab CI,
 * detected or named with `--ci`) or a Tekton run file says comes first; flags and the
 * SIGNET_* variables override it; the result must pass the SLSA v1 schema.
 */
import type { Command } from 'commander';
import { errorFactory } from '../../core/errors.js';
import { ATTEST_ERRORS, validateSlsaV1Provenance } from '../../signing/attest/index.js';
import {
  GENERIC_BUILD_TYPE,
  buildProvenancePredicate,
  detectCi,
  gitDependency,
  provenanceFromCi,
  provenanceFromTektonRun,
  type ProvenanceInput,
  type ResourceDescriptor,
} from '../../signing/attest/provenance/index.js';
import { cliError } from '../errors.js';
import { readTextFile } from '../read-text-file.js';
import { collectAnnotation } from '../signing/signing-options.js';
import { collectValues } from '../options.js';

const fail = errorFactory(ATTEST_ERRORS);

export interface ProvenanceFlags {
  ci?: string;
  tektonRun?: string;
  builderId?: string;
  buildType?: string;
  sourceUri?: string;
  sourceDigest?: string;
  sourceRef?: string;
  externalParameter?: Record<string, string>;
  internalParameter?: Record<string, string>;
  dependency?: string[];
  invocationId?: string;
  startedOn?: string;
  finishedOn?: string;
}

export function addProvenanceOptions(command: Command): Command {
  return command
    .option(
      '--ci <system>',
      'read the build from this CI system: github, gitlab or none (default: detected)',
    )
    .option(
      '--tekton-run <file>',
      'read the build from this Tekton v1 TaskRun or PipelineRun (JSON)',
    )
    .option('--builder-id <uri>', 'runDetails.builder.id (or SIGNET_BUILDER_ID)')
    .option(
      '--build-type <uri>',
      `buildDefinition.buildType (or SIGNET_BUILD_TYPE; default ${GENERIC_BUILD_TYPE})`,
    )
    .option(
      '--source-uri <uri>',
      'the source repository, a resolved dependency (or SIGNET_SOURCE_URI)',
    )
    .option(
      '--source-digest <alg:hex>',
      'its commit, as gitCommit:<hex> or sha1:<hex> (or SIGNET_SOURCE_DIGEST)',
    )
    .option('--source-ref <ref>', 'its ref, e.g. refs/heads/main (or SIGNET_SOURCE_REF)')
    .option(
      '--external-parameter <key=value>',
      'buildDefinition.externalParameters entry; repeatable',
      collectAnnotation,
    )
    .option(
      '--internal-parameter <key=value>',
      'buildDefinition.internalParameters entry; repeatable',
      collectAnnotation,
    )
    .option(
      '--dependency <uri@alg:hex>',
      'another resolved dependency, e.g. oci://golang@sha256:<hex>; repeatable',
      collectValues,
    )
    .option('--invocation-id <id>', 'runDetails.metadata.invocationId (or SIGNET_INVOCATION_ID)')
    .option('--started-on <time>', 'runDetails.metadata.startedOn, RFC 3339')
    .option('--finished-on <time>', 'runDetails.metadata.finishedOn, RFC 3339 (default: now)');
}

/** The validated predicate; `subjects` only name what the message speaks of. */
export async function provenanceFromOptions(
  flags: ProvenanceFlags,
  env: NodeJS.ProcessEnv,
  subjects: readonly { name: string; digest: string }[],
  now: Date,
): Promise<Record<string, unknown>> {
  const base = await baseInput(flags, env);
  const source = flags.sourceUri ?? env.SIGNET_SOURCE_URI;
  const sourceDigest = flags.sourceDigest ?? env.SIGNET_SOURCE_DIGEST;
  const deps: ResourceDescriptor[] = [...(base.resolvedDependencies ?? [])];
  if (source !== undefined) {
    const dep = gitDependency(source, undefined, flags.sourceRef ?? env.SIGNET_SOURCE_REF);
    deps.unshift({
      ...dep,
      ...(sourceDigest === undefined ? {} : { digest: digestSet(sourceDigest, '--source-digest') }),
    });
  }
  for (const text of flags.dependency ?? []) deps.push(dependencyOf(text));
  const builderId = flags.builderId ?? env.SIGNET_BUILDER_ID ?? base.builderId;
  if (builderId === undefined)
    throw fail(
      'PROVENANCE_INCOMPLETE',
      `no builder ID for the provenance of ${subjects.map((s) => s.name).join(', ')}: not in GitHub Actions, GitLab CI or a Tekton run; give --builder-id URI (or SIGNET_BUILDER_ID)`,
    );
  const input: ProvenanceInput = {
    ...base,
    buildType: flags.buildType ?? env.SIGNET_BUILD_TYPE ?? base.buildType ?? GENERIC_BUILD_TYPE,
    builderId,
    externalParameters: { ...base.externalParameters, ...flags.externalParameter },
    internalParameters: { ...base.internalParameters, ...flags.internalParameter },
    resolvedDependencies: deps,
    ...optional(
      'invocationId',
      flags.invocationId ?? env.SIGNET_INVOCATION_ID ?? base.invocationId,
    ),
    ...optional('startedOn', flags.startedOn ?? base.startedOn),
    finishedOn: flags.finishedOn ?? base.finishedOn ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const predicate = buildProvenancePredicate(input);
  const problems = validateSlsaV1Provenance(predicate);
  if (problems.length > 0)
    throw fail(
      'PREDICATE_INVALID',
      `the provenance made for ${subjects.map((s) => s.name).join(', ')} breaks the SLSA v1 schema: ${problems.map((p) => `${p.path} ${p.problem}`).join('; ')}`,
    );
  return predicate;
}

async function baseInput(
  flags: ProvenanceFlags,
  env: NodeJS.ProcessEnv,
): Promise<Partial<ProvenanceInput>> {
  if (flags.tektonRun !== undefined) {
    const text = await readTextFile(flags.tektonRun, { what: 'Tekton run' });
    let run: unknown;
    try {
      run = JSON.parse(text);
    } catch (error) {
      throw fail('PREDICATE_INVALID', `the Tekton run ${flags.tektonRun} is not JSON`, {
        cause: error,
      });
    }
    const made = provenanceFromTektonRun(run, `the Tekton run ${flags.tektonRun}`);
    if ('problem' in made) throw fail('PREDICATE_INVALID', made.problem);
    return made.input;
  }
  const ci = flags.ci ?? detectCi(env) ?? 'none';
  if (ci === 'none') return { externalParameters: {} };
  if (ci !== 'github' && ci !== 'gitlab')
    throw cliError('CLI_USAGE', `--ci must be github, gitlab or none, got "${ci}"`);
  return provenanceFromCi(ci, env);
}

/** `gitCommit:<hex>`, `sha256:<hex>`, or bare hex (a git commit). */
function digestSet(text: string, flag: string): Record<string, string> {
  const colon = text.indexOf(':');
  if (colon < 0) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(text))
      throw cliError(
        'CLI_USAGE',
        `${flag} "${text}" is neither alg:hex nor a 40 or 64 hex-digit commit`,
      );
    return { gitCommit: text.toLowerCase() };
  }
  return { [text.slice(0, colon)]: text.slice(colon + 1) };
}

function dependencyOf(text: string): ResourceDescriptor {
  const at = text.lastIndexOf('@');
  if (at <= 0 || !text.slice(at + 1).includes(':'))
    throw cliError(
      'CLI_USAGE',
      `--dependency "${text}" must be URI@alg:hex, e.g. oci://golang@sha256:<hex>`,
    );
  return { uri: text.slice(0, at), digest: digestSet(text.slice(at + 1), '--dependency') };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
