/**
 * `signet check`: the CI gate. `check image` evaluates build-stage SecurityPolicies against
 * images; `check deployment -f FILE` evaluates deploy-stage ones against every image of
 * every workload in Kubernetes manifests. Exit codes: 0 passed, 13 an enforced policy is
 * violated, 4 an image could not be evaluated, 3 invalid policies, 2 bad input (docs/check.md).
 */
import type { Command } from 'commander';
import { checkImage, type CheckPlan, type CheckResult } from '../../check/index.js';
import { parseReference } from '../../oci/reference/index.js';
import type { LifecycleStage } from '../../policy/security/index.js';
import type { CliContext } from '../context.js';
import { fileSecretEvidence } from '../policy/registry-evidence.js';
import { registryClientFrom } from '../registry-client.js';
import { readWorkloadImages } from './check-manifests.js';
import { addCheckFlags, loadCheckInputs, type CheckFlags } from './check-flags.js';
import { finishCheck } from './check-report.js';
import { collectValues } from '../options.js';

type DeploymentFlags = CheckFlags & { file: string[]; namespace?: string; cluster?: string };

export function registerCheckCommands(program: Command, context: CliContext): void {
  const check = program
    .command('check')
    .description('check images and workloads against SecurityPolicies (the CI gate)');
  addCheckFlags(
    check
      .command('image')
      .description(
        'evaluate build-stage policies against images; fails when an enforced policy is violated',
      )
      .argument('<image...>', 'image references, e.g. registry.example/team/app:1.0'),
  ).action(async (images: string[], flags: CheckFlags) => {
    context.format = flags.output === 'json' ? 'json' : 'text';
    const results = await runChecks(
      context,
      flags,
      'build',
      images.map((image) => ({ image })),
    );
    await finishCheck(context, flags, results);
  });
  addCheckFlags(
    check
      .command('deployment')
      .description(
        'evaluate deploy-stage policies against every image of every workload in manifests',
      )
      .requiredOption(
        '-f, --file <file>',
        'Kubernetes manifests (YAML or JSON); repeatable',
        collectValues,
      )
      .option('--namespace <name>', 'namespace for objects that name none (default: default)')
      .option('--cluster <name>', 'cluster name for policies scoped to clusters'),
  ).action(async (flags: DeploymentFlags) => {
    context.format = flags.output === 'json' ? 'json' : 'text';
    const workloads = await readWorkloadImages(flags.file, flags.namespace ?? 'default');
    const targets = workloads.map((w) => ({
      image: w.image,
      label: `${w.image} (${w.object}, ${w.container})`,
      workload: {
        namespace: w.namespace,
        labels: w.labels,
        ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
      },
    }));
    const results = await runChecks(context, flags, 'deploy', targets);
    await finishCheck(context, flags, results);
  });
}

interface Target {
  readonly image: string;
  /** What the report names: the image, and for workloads where it is used. */
  readonly label?: string;
  readonly workload?: Parameters<typeof checkImage>[2];
}

async function runChecks(
  context: CliContext,
  flags: CheckFlags,
  stage: LifecycleStage,
  targets: readonly Target[],
): Promise<CheckResult[]> {
  const inputs = await loadCheckInputs(context, flags);
  const firstRegistry = targets.map((t) => safeRegistry(t.image)).find((r) => r !== undefined);
  const client = await registryClientFrom(flags, context.env, firstRegistry, context);
  // One invocation reads each manifest once: listing an image's attachments and verifying
  // them read the same `.sig` and `.att` tags.
  const reads = client.snapshot();
  try {
    const plan: CheckPlan = {
      set: inputs.set,
      stage,
      client: reads,
      registry: {
        ...fileSecretEvidence(reads, inputs.secrets),
        ...(inputs.trustedLogs === undefined ? {} : { trustedLogs: inputs.trustedLogs }),
      },
      ...(inputs.vulnerabilities === undefined ? {} : { vulnerabilities: inputs.vulnerabilities }),
      retries: flags.retries,
      retryDelayMs: flags.retryDelay,
      now: () => new Date(),
      onRetry: (image, attempt, reason) =>
        context.console.err(`retry ${attempt}/${flags.retries} for ${image}: ${reason}`),
    };
    const results: CheckResult[] = [];
    for (const target of targets) {
      const result = await checkImage(target.image, plan, target.workload);
      results.push(target.label === undefined ? result : { ...result, image: target.label });
    }
    return results;
  } finally {
    await client.close();
  }
}

function safeRegistry(image: string): string | undefined {
  try {
    return parseReference(image).registry;
  } catch {
    return undefined;
  }
}
