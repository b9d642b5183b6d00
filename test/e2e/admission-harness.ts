// Shared set-up of the admission end-to-end tests and the admission benchmark: a registry
// with signed and unsigned images, policies naming them, serving certificates from the
// `signet certs` logic, and a client that speaks HTTPS to the webhook as the API server does.
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  generateWebhookCertificates,
  staticKubernetesReader,
  writeWebhookCertificates,
  type KubernetesReader,
} from '../../src/admission/index.js';
import {
  startAdmissionServer,
  type AdmissionServer,
  type AdmissionServerOptions,
} from '../../src/admission/server/index.js';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import {
  compilePolicies,
  parsePolicyYaml,
  type CompiledPolicySet,
  type NoMatchBehaviour,
} from '../../src/policy/index.js';
import { signImage } from '../../src/signing/index.js';
import { trackChild } from '../../src/testing/child-cleanup.js';
import { listeningUrls } from '../../src/testing/listening-url.js';

export const SERVICE = 'signet-webhook';
export const WEBHOOK_NAMESPACE = 'signet-system';
export const SERVER_NAME = `${SERVICE}.${WEBHOOK_NAMESPACE}.svc`;

/** Namespaces opted in with Signet's and policy-controller's labels, and one that is not. */
export const kubernetes = staticKubernetesReader({
  namespaces: {
    team: { 'signet.dev/include': 'true' },
    legacy: { 'policy.sigstore.dev/include': 'true' },
    open: { 'kubernetes.io/metadata.name': 'open' },
  },
});

/** A public key no test image is signed with: for servers that never reach a signature. */
export const TEST_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2cRyDcBq51f5yCHb7fwovLc/zEbv
CZHA/zFm2DbKVFAMGb5LP4mWTEqe5XIvbMvuJ6VtFfQmnHGF+QKUvzFMUw==
-----END PUBLIC KEY-----
`;

export interface Certificates {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly ca: string;
}

export async function makeCertificates(): Promise<Certificates> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-admission-'));
  const certs = await generateWebhookCertificates({
    service: SERVICE,
    namespace: WEBHOOK_NAMESPACE,
  });
  const files = await writeWebhookCertificates(join(dir, 'tls'), certs);
  return {
    dir,
    certFile: files.certificate,
    keyFile: files.privateKey,
    ca: certs.caCertificatePem,
  };
}

export async function removeCertificates(certs: Certificates): Promise<void> {
  await rm(certs.dir, { recursive: true, force: true });
}

/** Policies over every registry on 127.0.0.1 (any port), so a closed port is covered too. */
export function policiesFor(
  trustedPem: string,
  noMatch: NoMatchBehaviour = 'deny',
): CompiledPolicySet {
  const policy = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: 'policy.signet.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name },
    spec,
  });
  const ciKey = [{ name: 'ci-key', key: { data: trustedPem } }];
  const documents = [
    policy('signed-by-ci', { images: [{ glob: '127.0.0.1:*/team/**' }], authorities: ciKey }),
    policy('warn-only', {
      mode: 'warn',
      images: [{ glob: '127.0.0.1:*/trial/**' }],
      authorities: ciKey,
    }),
    policy('system-images', {
      images: [{ glob: '127.0.0.1:*/system/**' }],
      authorities: [{ name: 'operator', static: { action: 'pass' } }],
    }),
  ];
  // JSON is YAML: one document per policy, as a multi-document file holds them.
  const yaml = documents.map((d) => JSON.stringify(d)).join('\n---\n');
  const parsed = parsePolicyYaml(yaml, 'admission-policies.yaml');
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`test policies invalid: ${JSON.stringify(errors)}`);
  return compilePolicies(parsed.documents, { noMatch });
}

export interface ImageFactory {
  readonly trusted: PrivateKey;
  readonly other: PrivateKey;
  /** Pushes a fresh image to `host/path:tag` and signs it with `key` unless undefined; returns its digest. */
  push(path: string, tag: string, key?: PrivateKey): Promise<string>;
  close(): Promise<void>;
}

export async function imageFactory(host: string): Promise<ImageFactory> {
  const client = new RegistryClient();
  const trusted = await generateKeyPair('ecdsa-p256');
  const other = await generateKeyPair('ecdsa-p256');
  return {
    trusted,
    other,
    async push(path, tag, key) {
      const ref = parseReference(`${host}/${path}:${tag}`);
      const { digest } = await pushImage(client, ref, buildImage({ layers: 1, layerBytes: 128 }));
      if (key !== undefined)
        await signImage(client, { ...ref, digest }, key, { write: { settleMs: [0, 0] } });
      return digest;
    },
    close: () => client.close(),
  };
}

export async function startWebhook(
  certs: Certificates,
  kubernetes: KubernetesReader,
  policies: CompiledPolicySet,
  overrides: Partial<AdmissionServerOptions> = {},
): Promise<AdmissionServer> {
  return startAdmissionServer({
    tls: { certFile: certs.certFile, keyFile: certs.keyFile },
    decider: {
      kubernetes,
      keyNamespace: WEBHOOK_NAMESPACE,
      deadlineMs: 10_000,
      cache: { ttlMs: 60_000, maxEntries: 1000 },
      registry: { maxRetries: 1, timeoutMs: 5000 },
    },
    policies,
    logger: pino({ level: 'silent' }),
    pinDigests: true,
    ...overrides,
  });
}

/** A parsed JSON answer; assertions inspect it field by field, so it is left untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface JsonAnswer {
  readonly status: number;
  readonly body: Json;
}

/**
 * Where a webhook answers: an AdmissionServer of this process or a `signet serve webhook`
 * child, with the name its serving certificate carries (default SERVER_NAME).
 */
export interface WebhookEndpoint {
  readonly url: string;
  readonly serverName?: string;
}

/** POSTs `body` (an object, or raw text) over HTTPS, trusting only the webhook CA. */
export function postJson(
  server: WebhookEndpoint,
  ca: string,
  path: string,
  body: unknown,
): Promise<JsonAnswer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      {
        method: 'POST',
        ca,
        servername: server.serverName ?? SERVER_NAME,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString();
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: raw === '' ? undefined : JSON.parse(raw),
            });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: raw });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

export function getText(
  server: WebhookEndpoint,
  ca: string,
  path: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time (no keep-alive): the certificate check happens on every call.
    const req = request(
      `${server.url}${path}`,
      { ca, servername: server.serverName ?? SERVER_NAME, agent: false },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** GETs a JSON route such as /readyz. */
export async function getJson(
  server: WebhookEndpoint,
  ca: string,
  path: string,
): Promise<JsonAnswer> {
  const { status, text } = await getText(server, ca, path);
  return { status, body: JSON.parse(text) };
}

/** The CLI's own entry, run by tsx as a pipeline step or a pod would run `signet`. */
const CLI_ENTRY =
  "const m = await import('./src/cli/main.ts'); process.exitCode = await m.main(process.argv.slice(1));";
/** tsx compiles on start; 30 s covers a loaded two-core machine. */
const START_TIMEOUT_MS = 30_000;

export interface WebhookChild {
  readonly url: string;
  /** SIGTERM, as Kubernetes stops a pod; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL unless it has exited: for `after` hooks of failed tests. */
  kill(): void;
}

export interface ServeChild<Part extends string> extends Omit<WebhookChild, 'url'> {
  /** Where each part listens, as it printed. */
  readonly urls: Record<Part, string>;
}

/**
 * `signet serve <command> <args>` as its own process; resolves once each of `parts` (as
 * printed: "signet <part> listening on …") says where it listens.
 */
export async function startServeChild<Part extends string>(
  command: 'webhook' | 'all',
  args: readonly string[],
  parts: readonly Part[],
  env: Readonly<Record<string, string>> = {},
): Promise<ServeChild<Part>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CLI_ENTRY, 'serve', command, ...args],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  trackChild(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const urls = await listeningUrls(child, `serve ${command}`, START_TIMEOUT_MS, parts);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    urls,
    stop() {
      if (running()) child.kill('SIGTERM');
      return exited;
    },
    kill() {
      if (running()) child.kill('SIGKILL');
    },
  };
}

/** `signet serve webhook <args>` as its own process; resolves once it says where it listens. */
export async function startWebhookChild(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<WebhookChild> {
  const { urls, ...child } = await startServeChild('webhook', args, ['webhook'], env);
  return { url: urls.webhook, ...child };
}

let uidCounter = 0;

/** An AdmissionReview v1 for `kind` holding `object`, as the API server sends it. */
export function review(
  kind: string,
  object: Record<string, unknown>,
  namespace = 'team',
): Record<string, unknown> {
  const resource = RESOURCES[kind]!;
  uidCounter += 1;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-0000-0000-${String(uidCounter).padStart(12, '0')}`,
      kind: { group: resource.group, version: 'v1', kind },
      resource: { group: resource.group, version: 'v1', resource: resource.resource },
      namespace,
      name: `${kind.toLowerCase()}-${uidCounter}`,
      operation: 'CREATE',
      object: {
        apiVersion: resource.group === '' ? 'v1' : `${resource.group}/v1`,
        kind,
        ...object,
      },
    },
  };
}

const RESOURCES: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  Deployment: { group: 'apps', resource: 'deployments' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
};

/** The object of `kind` whose pods run `images`, and the field path prefix of their containers. */
export function workload(
  kind: string,
  images: readonly string[],
): { object: Record<string, unknown>; prefix: string } {
  const podSpec = { containers: images.map((image, i) => ({ name: `c${i}`, image })) };
  const template = { metadata: { labels: { app: 'shop' } }, spec: podSpec };
  switch (kind) {
    case 'Pod':
      return { object: { metadata: { name: 'p' }, spec: podSpec }, prefix: 'spec' };
    case 'CronJob':
      return {
        object: { spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } },
        prefix: 'spec.jobTemplate.spec.template.spec',
      };
    default:
      return { object: { spec: { template } }, prefix: 'spec.template.spec' };
  }
}

export const WORKLOAD_KINDS = Object.keys(RESOURCES);
