/**
 * What the apiserver-admission benchmark installs besides Pods: the bundled `signet serve
 * webhook` as its own process (as a cluster runs it, not sharing the benchmark client's
 * event loop), and the in-API-server alternative it is compared with, a
 * ValidatingAdmissionPolicy (CEL) allowing only images under one prefix.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trackChild } from '../../src/testing/child-cleanup.js';

/** The CLI `npm run bench` has just bundled (bin/signet.js runs dist/main.js). */
const SIGNET_BIN = fileURLToPath(new URL('../../bin/signet.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface WebhookProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/** `signet serve webhook <args>`; resolves once it prints where it listens. */
export async function startWebhookProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<WebhookProcess> {
  const child = spawn(process.execPath, [SIGNET_BIN, 'serve', 'webhook', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`signet serve webhook did not start in ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (https:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`signet serve webhook exited with ${String(code)}: ${stderr}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
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
