/**
 * `signet serve webhook`: the Kubernetes admission webhook (validating, mutating and
 * Gatekeeper external data) over HTTPS. Policies come from files (reloaded when they
 * change) and/or ClusterImagePolicy objects watched through the Kubernetes API; the serving
 * certificate is reloaded when its files change. Runs until SIGINT or SIGTERM.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { pino, type Logger } from 'pino';
import {
  clusterKubernetesReader,
  staticKubernetesReader,
  type KubernetesReader,
} from '../../admission/index.js';
import {
  FilePolicySource,
  KubernetesPolicySource,
  PolicyReloader,
  SIGNET_POLICIES,
  SIGSTORE_POLICIES,
  SIGSTORE_TRUST_ROOTS,
  SIGNET_SECURITY_POLICIES,
  kubernetesPolicyApi,
  snapshotOf,
  type PolicySource,
} from '../../admission/policies/index.js';
import { startAdmissionServer } from '../../admission/server/index.js';
import { loadPolicyFiles } from '../../config/policy-loader.js';
import { securityPolicyFileSource } from './serve-webhook-security.js';
import { loadLogKey } from '../tlog/log-access.js';
import { compilePolicies, hasErrors, type NoMatchBehaviour } from '../../policy/index.js';
import { policyError } from '../../policy/errors.js';
import {
  forwardingDecisionStore,
  openDecisionStore,
  type DecisionStore,
} from '../../records/index.js';
import { readTextFile } from '../read-text-file.js';
import { stampCluster } from './serve-cluster-stamp.js';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import { parseDuration, parseWholeNumber } from '../flag-values.js';
import { withKubeconfig } from '../kubeconfig.js';
import { collectValues } from '../options.js';
import { renderProblems } from '../policy/render-verdict.js';
import { parseListenAddress, untilSignalled } from '../server-lifecycle.js';

/** What the webhook itself needs; where it records is its caller's choice. */
export interface WebhookPartOptions {
  policy?: string[];
  securityPolicy?: string[];
  tlogKey?: string[];
  /** Keys of logs known without a file: the log `serve all --tlog` runs in-process. */
  logKeys?: readonly KeyObject[];
  policySource: string;
  watchSigstorePolicies?: boolean;
  tlsCert: string;
  tlsKey: string;
  listen: string;
  /** Stamped on every decision recorded, so one dashboard can tell clusters apart. */
  clusterName?: string;
  /** `--no-match`: commander strips the `no-` prefix of option names. */
  match: string;
  timeout: string;
  cacheTtl: string;
  cacheSize: string;
  pinDigests?: boolean;
  namespace?: string;
  kubernetes: string;
  insecureRegistry?: string[];
  logLevel: string;
}

interface WebhookOptions extends WebhookPartOptions {
  database: string;
  recordsTokenFile?: string;
}

const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
/** Kubernetes allows webhook timeouts of at most 30 s (admissionregistration.k8s.io/v1). */
const MAX_DEADLINE_MS = 30_000;

/** An allowed verdict is reused at most a day: policies and keys change, signatures get revoked. */
const MAX_CACHE_TTL_MS = 86_400_000;

export function registerServeWebhookCommand(serve: Command, context: CliContext): void {
  serve
    .command('webhook')
    .description(
      'run the Kubernetes admission webhook (validate, mutate, Gatekeeper external data)',
    )
    .option(
      '--policy <file|dir>',
      'ClusterImagePolicy file or folder, reloaded when it changes; repeatable',
      collectValues,
    )
    .option(
      '--policy-source <files|kubernetes>',
      'kubernetes: also watch ClusterImagePolicy (policy.signet.dev) and SecurityPolicy (signet.dev) objects',
      'files',
    )
    .option(
      '--watch-sigstore-policies',
      "with --policy-source kubernetes: also policy-controller's policy.sigstore.dev objects",
    )
    .option(
      '--security-policy <file|dir>',
      'SecurityPolicy file or folder whose deploy-stage policies are evaluated too (reloaded on change); repeatable',
      collectValues,
    )
    .option(
      '--tlog-key <file>',
      "a transparency log's public key: entries of key signatures are verified against it; repeatable",
      collectValues,
    )
    .requiredOption('--tls-cert <file>', 'serving certificate PEM (reloaded when it changes)')
    .requiredOption('--tls-key <file>', 'serving private key PEM (reloaded when it changes)')
    .option('--listen <host:port>', 'address to listen on', '0.0.0.0:8443')
    .option(
      '--database <url>',
      'decision records: sqlite:PATH, postgres://…, https://SIGNET-SERVER (forward), or "none"',
      'sqlite:./signet-data/records.db',
    )
    .option('--cluster-name <name>', 'cluster name recorded with each decision')
    .option(
      '--records-token-file <file>',
      'with --database https://…: file holding a writer token of that Signet server',
    )
    .option('--no-match <deny|allow|warn>', 'what happens to images no policy covers', 'deny')
    .option(
      '--timeout <duration>',
      'per-review deadline, under the webhook timeoutSeconds (fail closed)',
      '25s',
    )
    .option('--cache-ttl <duration>', 'how long an allowed verdict is reused', '60s')
    .option('--cache-size <n>', 'verdicts kept (least recently used evicted)', '10000')
    .option('--pin-digests', '/mutate pins verified images to their digest (tag kept)')
    .option('--namespace <ns>', "where key.secretRef Secrets live (default: the pod's namespace)")
    .option(
      '--kubernetes <auto|cluster|none>',
      'read namespaces and pull secrets from the API server',
      'auto',
    )
    .option(
      '--insecure-registry <host>',
      'reach this registry over plain HTTP; repeatable',
      collectValues,
    )
    .option('--log-level <level>', 'pino log level', 'info')
    .action(async (options: WebhookOptions) => {
      let store: DecisionStore | undefined;
      // Opened only once every flag and policy has been read: a refused command line
      // leaves no database file behind.
      const openStore = async () => {
        store = await decisionStoreFor(options);
        return store;
      };
      let webhook: RunningWebhook;
      try {
        webhook = await startWebhookPart(options, context, openStore);
      } catch (error) {
        await store?.close();
        throw error;
      }
      context.console.err(`signet webhook listening on ${webhook.url} (${webhook.summary})`);
      const signal = await untilSignalled();
      context.console.err(`received ${signal}, stopping`);
      await webhook.close();
      await store?.close();
    });
}

export interface RunningWebhook {
  readonly url: string;
  /** What the start line says about the policies. */
  readonly summary: string;
  /** Names of the policies now enforced; undefined until compiled. */
  policyNames(): readonly string[] | undefined;
  /** Stops the policy reloader and the server; the store stays open (its owner closes it). */
  close(): Promise<void>;
}

/**
 * Starts the webhook as `signet serve webhook` does, recording into `store`; also used by
 * `signet serve all --webhook` to run it beside the API in one process.
 */
export async function startWebhookPart(
  options: WebhookPartOptions,
  context: CliContext,
  store: DecisionStore | undefined | (() => Promise<DecisionStore | undefined>),
): Promise<RunningWebhook> {
  const { host, port } = parseListenAddress(options.listen);
  const noMatch = parseNoMatch(options.match);
  const deadlineMs = parseDuration(options.timeout, '--timeout', {
    min: 1,
    max: MAX_DEADLINE_MS,
    why: 'the Kubernetes webhook maximum',
  });
  const cacheTtlMs = parseDuration(options.cacheTtl, '--cache-ttl', {
    min: 0,
    max: MAX_CACHE_TTL_MS,
  });
  const cacheSize = parseWholeNumber(options.cacheSize, '--cache-size', {
    min: 1,
    max: 10_000_000,
  });
  const logger = pino({ name: 'signet-webhook', level: parseLogLevel(options.logLevel) });
  const sources = await policySources(options, logger, context);
  const reloader = new PolicyReloader({ sources, noMatch, logger });
  const logKeys = [
    ...(options.logKeys ?? []),
    ...(await Promise.all((options.tlogKey ?? []).map((file) => loadLogKey(file)))),
  ];
  const { reader, inCluster } = await kubernetesReader(options.kubernetes, context.env);
  const opened = typeof store === 'function' ? await store() : store;
  const recorder =
    opened === undefined || options.clusterName === undefined
      ? opened
      : stampCluster(opened, options.clusterName);

  const server = await startAdmissionServer({
    host,
    port,
    tls: { certFile: options.tlsCert, keyFile: options.tlsKey },
    decider: {
      kubernetes: reader,
      keyNamespace: options.namespace ?? ownNamespace(context.env),
      deadlineMs,
      cache: { ttlMs: cacheTtlMs, maxEntries: cacheSize },
      // Per request well under the deadline, one retry: a second chance, not a queue.
      registry: {
        timeoutMs: Math.max(1000, Math.floor(deadlineMs / 2)),
        maxRetries: 1,
        ...(options.insecureRegistry ? { insecureRegistries: options.insecureRegistry } : {}),
      },
      checkNamespace: inCluster,
      ...(logKeys.length === 0 ? {} : { trustedLogs: { keys: logKeys } }),
    },
    policyStatus: () => reloader.status(),
    ...(recorder === undefined ? {} : { store: recorder }),
    logger,
    pinDigests: options.pinDigests === true,
  });
  // Started once the server exists, so no compiled set is handed to nobody; file
  // policies apply synchronously here, API policies once listed.
  reloader.start({
    policies: (set) => server.setPolicies(set),
    securityPolicies: (set) => server.decider.setSecurityPolicies(set),
  });
  const applied = reloader.current;
  return {
    url: server.url,
    summary:
      applied === undefined
        ? 'not ready until the policies are listed from the Kubernetes API'
        : `${applied.policies.length} policies, revision ${applied.revision}${securitySummary(reloader.status().securityPolicies)}`,
    policyNames: () => server.decider.policies?.policies.map((p) => p.document.name),
    async close() {
      await reloader.close();
      await server.close();
    },
  };
}

function securitySummary(count: number): string {
  return count === 0 ? '' : `; ${count} SecurityPolic${count === 1 ? 'y' : 'ies'}`;
}

/** Where the webhook records: a database, a central `signet serve` it forwards to, or nowhere. */
async function decisionStoreFor(options: WebhookOptions): Promise<DecisionStore | undefined> {
  if (options.database === 'none') return undefined;
  if (/^https?:\/\//.test(options.database)) {
    if (options.recordsTokenFile === undefined) {
      throw cliError(
        'CLI_USAGE',
        '--database https://… needs --records-token-file with a writer token of that server',
      );
    }
    const token = (await readTextFile(options.recordsTokenFile, { what: 'records token' })).trim();
    return forwardingDecisionStore(options.database, token);
  }
  if (options.recordsTokenFile !== undefined) {
    throw cliError('CLI_USAGE', '--records-token-file goes with --database https://…');
  }
  return openDecisionStore(options.database);
}

/**
 * Files are loaded once here so that errors stop the start with every problem printed
 * (exit 3), as before; afterwards they are reloaded on change. The Kubernetes sources
 * start empty and make the webhook ready once listed.
 */
async function policySources(
  options: WebhookPartOptions,
  logger: Logger,
  context: CliContext,
): Promise<PolicySource[]> {
  const fromApi = options.policySource === 'kubernetes';
  if (!fromApi && options.policySource !== 'files') {
    throw cliError(
      'CLI_USAGE',
      `--policy-source must be files or kubernetes, got "${options.policySource}"`,
    );
  }
  const paths = options.policy ?? [];
  if (!fromApi && paths.length === 0) {
    throw cliError(
      'CLI_USAGE',
      'give --policy FILE|DIR, --policy-source kubernetes, or both (their policies are united)',
    );
  }
  if (!fromApi && options.watchSigstorePolicies === true) {
    throw cliError('CLI_USAGE', '--watch-sigstore-policies needs --policy-source kubernetes');
  }
  const sources: PolicySource[] = [];
  if (paths.length > 0) {
    const loaded = await loadPolicyFiles(paths);
    if (loaded.problems.length > 0) context.console.err(renderProblems(loaded.problems));
    if (hasErrors(loaded.problems)) {
      throw policyError(
        'POLICY_INVALID',
        'the policy files have problems (listed above); fix them and start again',
      );
    }
    // Duplicate names and the like stop the start too.
    compilePolicies(loaded.documents, { trustRoots: loaded.trustRoots });
    sources.push(new FilePolicySource({ paths, initial: snapshotOf(loaded), logger }));
  }
  const securityFiles = await securityPolicyFileSource(options.securityPolicy, logger, context);
  if (securityFiles !== undefined) sources.push(securityFiles);
  if (fromApi) {
    const api = await withKubeconfig(context.env, (config) => kubernetesPolicyApi(config));
    const collections = [
      SIGNET_POLICIES,
      ...(options.watchSigstorePolicies === true ? [SIGSTORE_POLICIES] : []),
      // The TrustRoots keyless authorities name (none when their CRD is absent).
      SIGSTORE_TRUST_ROOTS,
      // Deploy-stage SecurityPolicies (none when their CRD is absent).
      SIGNET_SECURITY_POLICIES,
    ];
    for (const collection of collections)
      sources.push(new KubernetesPolicySource({ api, collection, logger }));
  }
  return sources;
}

/** pino's levels; anything else makes pino throw a plain error at start. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parseLogLevel(value: string): (typeof LOG_LEVELS)[number] {
  const level = LOG_LEVELS.find((known) => known === value);
  if (level !== undefined) return level;
  throw cliError(
    'CLI_USAGE',
    `--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`,
  );
}

function parseNoMatch(value: string): NoMatchBehaviour {
  if (value === 'deny' || value === 'allow' || value === 'warn') return value;
  throw cliError('CLI_USAGE', `--no-match must be deny, allow or warn, got "${value}"`);
}

/**
 * `auto` reads the cluster when running in one (or with a kubeconfig); `none` runs
 * without: namespaces are taken as opted in (the webhook configuration's selector still
 * filters) and workloads have no pull secrets.
 */
async function kubernetesReader(
  mode: string,
  env: NodeJS.ProcessEnv,
): Promise<{ reader: KubernetesReader; inCluster: boolean }> {
  const available = env['KUBERNETES_SERVICE_HOST'] !== undefined || env['KUBECONFIG'] !== undefined;
  switch (mode) {
    case 'cluster':
      return { reader: await clusterReader(env), inCluster: true };
    case 'none':
      return { reader: staticKubernetesReader({}), inCluster: false };
    case 'auto':
      return available
        ? { reader: await clusterReader(env), inCluster: true }
        : { reader: staticKubernetesReader({}), inCluster: false };
    default:
      throw cliError('CLI_USAGE', `--kubernetes must be auto, cluster or none, got "${mode}"`);
  }
}

function clusterReader(env: NodeJS.ProcessEnv): Promise<KubernetesReader> {
  return withKubeconfig(env, (config) => clusterKubernetesReader(config));
}

function ownNamespace(env: NodeJS.ProcessEnv): string {
  const fromEnv = env['POD_NAMESPACE'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (existsSync(SERVICE_ACCOUNT_NAMESPACE_FILE))
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE_FILE, 'utf8').trim();
  return 'signet-system';
}
