/**
 * `signet serve chains`: the pipeline-run signing controller (src/chains). Watches Tekton
 * v1 TaskRuns and PipelineRuns through the Kubernetes API ($KUBECONFIG, ~/.kube/config or
 * the in-cluster service account), signs and attests the images successful runs declare,
 * records both in the transparency log and annotates each run as Tekton Chains does.
 * Runs until SIGINT or SIGTERM; a run being signed then is finished on the next start,
 * from the progress recorded on it.
 */
import type { Command } from 'commander';
import { pino } from 'pino';
import { ChainsController, kubernetesRunApi, type RunKind } from '../../chains/index.js';
import { openLogWriter } from '../../signing/sign/transparency-log.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { parseDuration, parseWholeNumber } from '../flag-values.js';
import { withKubeconfig } from '../kubeconfig.js';
import { addRegistryOptions, type RegistryFlags } from '../options.js';
import { registryClientFrom } from '../registry-client.js';
import { untilSignalled } from '../server-lifecycle.js';
import { loadPrivateKey } from '../signing/key-loading.js';
import {
  addTlogCredentialOptions,
  logWriteCredentialsFrom,
  type TlogCredentialFlags,
} from '../signing/signing-options.js';
import { requireTlogUrl } from '../tlog/log-access.js';

interface ChainsServeOptions extends RegistryFlags, TlogCredentialFlags {
  key: string;
  tlogUrl?: string;
  layout: string;
  kinds: string;
  maxRetries: number;
  retryBackoff: number;
  logLevel: string;
}

const KINDS: Readonly<Record<string, readonly RunKind[]>> = {
  all: ['TaskRun', 'PipelineRun'],
  taskruns: ['TaskRun'],
  pipelineruns: ['PipelineRun'],
};
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function registerServeChainsCommand(serve: Command, context: CliContext): void {
  const command = serve
    .command('chains')
    .description('sign and attest the images Tekton TaskRuns and PipelineRuns build')
    .requiredOption('--key <ref>', 'signing key: k8s://NAMESPACE/NAME, a file or env://VAR')
    .option('--tlog-url <url>', 'transparency log to record in (or SIGNET_TLOG_URL)')
    .option(
      '--layout <layout>',
      'legacy (.sig/.att tags, cosign v2) or bundle (referrers)',
      'legacy',
    )
    .option('--kinds <kinds>', 'all, taskruns or pipelineruns', 'all')
    .option(
      '--max-retries <n>',
      'retries of a run whose signing failed before it is marked failed',
      (v: string) => parseWholeNumber(v, '--max-retries', { min: 0, max: 100 }),
      3,
    )
    .option(
      '--retry-backoff <duration>',
      'first retry delay, doubling each time (up to 5m)',
      (v: string) => parseDuration(v, '--retry-backoff', { min: 1, max: 300_000 }),
      1000,
    )
    .option('--log-level <level>', LOG_LEVELS.join(', '), 'info');
  addTlogCredentialOptions(addRegistryOptions(command)).action(
    async (options: ChainsServeOptions) => {
      const kinds = KINDS[options.kinds];
      if (kinds === undefined)
        throw cliError(
          'CLI_USAGE',
          `--kinds must be all, taskruns or pipelineruns, got "${options.kinds}"`,
        );
      if (options.layout !== 'legacy' && options.layout !== 'bundle')
        throw cliError('CLI_USAGE', `--layout must be legacy or bundle, got "${options.layout}"`);
      const level = LOG_LEVELS.find((known) => known === options.logLevel);
      if (level === undefined)
        throw cliError(
          'CLI_USAGE',
          `--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${options.logLevel}"`,
        );
      const logUrl = requireTlogUrl(options.tlogUrl, context.env);
      const credentials = await logWriteCredentialsFrom(options, logUrl);
      const key = await loadPrivateKey(options.key, context.env);
      const api = await withKubeconfig(context.env, (config) => kubernetesRunApi(config));
      const log = openLogWriter(logUrl, credentials);
      const registry = await registryClientFrom(options, context.env);
      const logger = pino({ name: 'signet-chains', level });
      const controller = new ChainsController({
        api,
        logger,
        kinds,
        maxRetries: options.maxRetries,
        retryBackoffMs: options.retryBackoff,
        signer: { key, registry, log, logUrl, layout: options.layout },
      });
      controller.start();
      context.console.err(
        `signet chains watching ${kinds.join(' and ')}s; signing with ${key.publicKey.keyId}, logging to ${logUrl}`,
      );
      const signal = await untilSignalled();
      context.console.err(`received ${signal}, stopping`);
      await controller.close();
      await registry.close();
      await log.close();
    },
  );
}
