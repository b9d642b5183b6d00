/**
 * What the apiserver-admission benchmark installs besides Pods: the bundled `signet serve
 * webhook` as its own process (as a cluster runs it, not sharing the benchmark client's
 * event loop), what it is compared with (a webhook that allows everything on the same
 * stack, and a ValidatingAdmissionPolicy in CEL allowing only images under one prefix),
 * and the webhook configuration sending one namespace to the trivial webhook.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { trackChild } from '../../src/testing/child-cleanup.js';
import { listeningUrl } from '../../src/testing/listening-url.js';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
/** The CLI `npm run bench` has just bundled (bin/signet.js runs dist/main.js). */
const SIGNET_BIN = fileURLToPath(new URL('../../bin/signet.js', import.meta.url));
const TRIVIAL_SERVER = fileURLToPath(new URL('trivial-webhook-server.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface WebhookProcess {
  readonly url: string;
  /** User plus system CPU time the process has used so far (Linux /proc), in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** `signet serve webhook <args>`; resolves once it prints where it listens. */
export function startWebhookProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<WebhookProcess> {
  return startNodeServer([SIGNET_BIN, 'serve', 'webhook', ...args], env);
}

/** trivial-webhook-server.ts with this serving certificate. */
export function startTrivialWebhook(certFile: string, keyFile: string): Promise<WebhookProcess> {
  return startNodeServer(['--import', 'tsx', TRIVIAL_SERVER, certFile, keyFile], {});
}

async function startNodeServer(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<WebhookProcess> {
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await listeningUrl(child, args.join(' '), START_TIMEOUT_MS);
  return {
    url,
    cpuMs: () => processCpuMs(child.pid!),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux architecture. */
const USER_HZ = 100;

/** utime + stime of a process, fields 14 and 15 of /proc/PID/stat (after the command name). */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/**
 * A policy and its binding denying Pods with any container, init or ephemeral, whose image
 * does not start with `prefix`, in namespaces labelled `label=true`: the check a team could
 * write without Signet, evaluated inside the API server with no network hop.
 */
export function prefixAdmissionPolicy(
  name: string,
  prefix: string,
  label: string,
): Record<string, unknown>[] {
  const allowed = (field: string) =>
    `(!has(object.spec.${field}) || object.spec.${field}.all(c, c.image.startsWith(${JSON.stringify(prefix)})))`;
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['pods'],
            },
          ],
        },
        validations: [
          {
            expression: ['containers', 'initContainers', 'ephemeralContainers']
              .map(allowed)
              .join(' && '),
            message: `every image must start with ${prefix}`,
          },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: {
        policyName: name,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchLabels: { [label]: 'true' } } },
      },
    },
  ];
}

/**
 * A copy of the shipped ValidatingWebhookConfiguration's first entry (same rules, failure
 * policy, timeout and match policy) that sends namespaces labelled `label=true` to `url`.
 */
export function trivialWebhookConfiguration(
  shipped: Record<string, unknown>,
  url: string,
  caPem: string,
  label: string,
): Record<string, unknown> {
  const [entry] = shipped.webhooks as Record<string, unknown>[];
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'bench-trivial' },
    webhooks: [
      {
        ...entry,
        name: 'trivial.bench.signet.dev',
        clientConfig: { url: `${url}/validate`, caBundle: Buffer.from(caPem).toString('base64') },
        namespaceSelector: { matchLabels: { [label]: 'true' } },
      },
    ],
  };
}
