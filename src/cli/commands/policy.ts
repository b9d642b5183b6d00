/**
 * `signet policy test`: evaluates images against ClusterImagePolicy files with the same
 * engine the admission webhook uses, fetching signatures and attestations from the
 * registry. Exit 0 when every image is allowed (warnings are printed), 12 when one is
 * denied, 3 when the policies are invalid (every problem printed as FILE:LINE:COL).
 */
import type { Command } from 'commander';
import { loadPolicyFiles } from '../../config/policy-loader.js';
import { parseReference } from '../../oci/reference/index.js';
import { clusterImageVerdict } from '../../pipeline/index.js';
import {
  compilePolicies,
  KNOWN_RESOURCES,
  type NoMatchBehaviour,
  type Verdict,
} from '../../policy/index.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { nameValuePairs } from '../flag-values.js';
import { ExitCode } from '../exit-codes.js';
import {
  addOutputOption,
  addRegistryOptions,
  collectValues,
  type OutputOptions,
  type RegistryFlags,
} from '../options.js';
import { printJson } from '../output.js';
import { fileSecretEvidence, readKeySecretFiles } from '../policy/registry-evidence.js';
import { renderVerdict } from '../policy/render-verdict.js';
import { refuseInvalidPolicies } from '../policy/policy-problems.js';
import { registryClientFrom } from '../registry-client.js';

type PolicyTestOptions = OutputOptions &
  RegistryFlags & {
    policy: string[];
    /** commander reads `--no-match <mode>` as the negation of "match": true when absent, else the value. */
    match: string | true;
    keySecret?: string[];
    resource?: string;
    label?: string[];
  };

const NO_MATCH: readonly NoMatchBehaviour[] = ['deny', 'allow', 'warn'];

export function registerPolicyCommands(program: Command, context: CliContext): void {
  const policy = program
    .command('policy')
    .description('check images against ClusterImagePolicy files');
  const test = policy
    .command('test')
    .description('evaluate images against policies, as the admission webhook would')
    .argument('<image...>', 'image references, e.g. registry.example/team/app:1.0')
    .requiredOption(
      '--policy <path>',
      'a policy file or a folder of them; repeatable',
      collectValues,
    )
    .option('--no-match <behaviour>', 'for images no policy covers: deny (default), allow or warn')
    .option(
      '--key-secret <name=file>',
      'the PEM public key (key.secretRef) or CA certificates (keyless.ca-cert.secretRef) a secret name stands for; repeatable',
      collectValues,
    )
    .option(
      '--resource <resource>',
      `resource type for spec.match: ${Object.keys(KNOWN_RESOURCES).join(', ')}`,
    )
    .option(
      '--label <key=value>',
      'label of the workload for spec.match selectors; repeatable',
      collectValues,
    );
  addRegistryOptions(addOutputOption(test)).action(
    async (images: string[], options: PolicyTestOptions) => {
      context.format = options.output;
      await runPolicyTest(context, images, options);
    },
  );
}

async function runPolicyTest(
  context: CliContext,
  images: string[],
  options: PolicyTestOptions,
): Promise<void> {
  const noMatch = parseNoMatch(options.match);
  const refs = images.map((image) => ({ image, ref: parseReference(image) }));
  const kind = options.resource === undefined ? undefined : resourceKind(options.resource);
  const labels = nameValuePairs(options.label ?? [], '--label');
  const secrets = await readKeySecretFiles(nameValuePairs(options.keySecret ?? [], '--key-secret'));

  const loaded = await loadPolicyFiles(options.policy);
  refuseInvalidPolicies(context, loaded.problems, 'policy files', 'run again');
  const set = compilePolicies(loaded.documents, { noMatch, trustRoots: loaded.trustRoots });
  const client = await registryClientFrom(options, context.env, refs[0]?.ref.registry, context);
  const verdicts: { input: string; verdict: Verdict }[] = [];
  try {
    const evidence = fileSecretEvidence(client, secrets);
    for (const { image, ref } of refs) {
      const target = { image, ref, labels, ...(kind === undefined ? {} : { kind }) };
      verdicts.push({
        input: image,
        verdict: await clusterImageVerdict(set, target, client, evidence),
      });
    }
  } finally {
    await client.close();
  }
  if (options.output === 'json') {
    printJson(context.console, {
      revision: set.revision,
      results: verdicts.map(({ input, verdict }) => ({ input, ...verdict })),
    });
  } else {
    context.console.out(
      verdicts.map(({ input, verdict }) => renderVerdict(input, verdict)).join('\n'),
    );
  }
  if (verdicts.some(({ verdict }) => !verdict.allowed))
    context.exitCode = ExitCode.VerificationFailed;
}

function parseNoMatch(value: string | true): NoMatchBehaviour {
  if (value === true) return 'deny'; // policy-controller's default: an uncovered image is not trusted
  const found = NO_MATCH.find((b) => b === value);
  if (found === undefined)
    throw cliError('CLI_USAGE', `--no-match must be one of ${NO_MATCH.join(', ')}, got "${value}"`);
  return found;
}

function resourceKind(name: string) {
  const kind = KNOWN_RESOURCES[name];
  if (kind === undefined) {
    throw cliError(
      'CLI_USAGE',
      `--resource must be one of ${Object.keys(KNOWN_RESOURCES).join(', ')}, got "${name}"`,
    );
  }
  return kind;
}
