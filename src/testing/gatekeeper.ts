/**
 * OPA Gatekeeper (built by scripts/peers.sh from the Go module proxy) running against a
 * test cluster's real API server (kube-cluster.ts), as its published manifest
 * (deploy/gatekeeper.yaml of the module, read from GOMODCACHE at test time) installs it:
 * its CustomResourceDefinitions, namespace and RBAC are applied as shipped, and the
 * manager runs as its ServiceAccount with the webhook, generate and status operations on loopback
 * ports. Only
 * what a pod would have is changed: there is no Service, so the shipped
 * ValidatingWebhookConfiguration calls Gatekeeper by URL, trusting the cluster CA that
 * signed its serving certificate (`--disable-cert-rotation`, the certificate in
 * `--cert-dir`). Gatekeeper calls external-data providers with that certificate as its
 * client certificate.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { freeLoopbackPort } from './free-port.js';
import type { KubeCluster } from './kube-cluster.js';
import { startDaemon, waitReady, type Daemon } from './kube-cluster-processes.js';
import { waitForCrds } from './kube-cluster-crds.js';
import { findPeer, peerPath, peersDirectory } from './peers.js';

export const GATEKEEPER_NAMESPACE = 'gatekeeper-system';
const SERVICE_ACCOUNT = 'gatekeeper-admin';
const SERVICE = `gatekeeper-webhook-service.${GATEKEEPER_NAMESPACE}.svc`;
/** Kinds of the shipped manifest applied as they are; the Deployments are replaced by the process. */
const SHIPPED_KINDS = [
  'Namespace',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
];

type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string } };

/** Why Gatekeeper tests are skipped here, or undefined when Gatekeeper is built. */
export function gatekeeperSkipReason(): string | undefined {
  return findPeer('gatekeeper').skipReason;
}

/** The module source of the pinned Gatekeeper, where `go install` left it. */
export function gatekeeperModuleDirectory(): string {
  const { version } = findPeer('gatekeeper');
  return join(
    peersDirectory(),
    'go',
    'mod',
    'github.com',
    'open-policy-agent',
    'gatekeeper',
    `v3@${version}`,
  );
}

/** Every document of the published manifest (deploy/gatekeeper.yaml of the module). */
export async function gatekeeperManifest(): Promise<Manifest[]> {
  const text = await readFile(
    join(gatekeeperModuleDirectory(), 'deploy', 'gatekeeper.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map((document) => document.toJS() as Manifest | null)
    .filter((document): document is Manifest => document !== null);
}

export interface RunningGatekeeper {
  /** `https://127.0.0.1:PORT` of its admission webhook. */
  readonly webhookUrl: string;
  readonly logFile: string;
  /** Its log so far (for assertion messages). */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export interface GatekeeperOptions {
  /** Extra manager flags, e.g. `--external-data-provider-response-cache-ttl=0s`. */
  readonly flags?: readonly string[];
}

/**
 * Installs Gatekeeper into `cluster` and starts it; resolves once its readiness probe
 * passes and its webhook is registered. Stop it before the cluster.
 */
export async function startGatekeeper(
  cluster: KubeCluster,
  options: GatekeeperOptions = {},
): Promise<RunningGatekeeper> {
  const manifest = await gatekeeperManifest();
  const crds = manifest.filter((m) => m.kind === 'CustomResourceDefinition');
  await cluster.apply(...crds);
  await waitForCrds(
    cluster,
    crds.map((crd) => crd.metadata.name),
    60,
  );
  await cluster.apply(...manifest.filter((m) => SHIPPED_KINDS.includes(m.kind)));
  const kubeconfig = await cluster.serviceAccountKubeconfig(GATEKEEPER_NAMESPACE, SERVICE_ACCOUNT);

  const directory = join(cluster.directory, 'gatekeeper');
  const certDir = join(directory, 'certs');
  await mkdir(certDir, { recursive: true });
  const serving = await cluster.issue({
    commonName: SERVICE,
    usage: 'server',
    ipAddresses: ['127.0.0.1'],
    dnsNames: [SERVICE],
  });
  await writeFile(join(certDir, 'tls.crt'), serving.certificatePem);
  await writeFile(join(certDir, 'tls.key'), serving.privateKeyPem, { mode: 0o600 });
  await writeFile(join(certDir, 'ca.crt'), cluster.caPem);

  const [port, health, prometheus] = [
    await freeLoopbackPort(),
    await freeLoopbackPort(),
    await freeLoopbackPort(),
  ];
  const logFile = join(directory, 'gatekeeper.log');
  const daemon: Daemon = startDaemon(
    peerPath(findPeer('gatekeeper')),
    [
      `--kubeconfig=${kubeconfig}`,
      // The admission webhook, plus what the published manifest runs in its audit pod for
      // it: `generate` creates each template's constraint CRD, `status` aggregates the
      // template and constraint statuses (`status.created`, `status.byPod`).
      '--operation=webhook',
      '--operation=generate',
      '--operation=status',
      // Outside a pod: Gatekeeper names its status objects after a pod it would otherwise
      // look up (POD_NAME); this is its own switch for running as a plain process.
      '--debug-use-fake-pod',
      '--disable-cert-rotation',
      `--cert-dir=${certDir}`,
      '--host=127.0.0.1',
      `--port=${port}`,
      `--health-addr=127.0.0.1:${health}`,
      '--metrics-addr=0',
      `--prometheus-port=${prometheus}`,
      `--exempt-namespace=${GATEKEEPER_NAMESPACE}`,
      // As the published manifest runs it: Rego may not make its own HTTP calls.
      '--disable-opa-builtin={http.send}',
      '--logtostderr',
      // A pod drains connections for 10 s before exiting; a test process has none to drain.
      '--shutdown-delay=0',
      ...(options.flags ?? []),
    ],
    logFile,
  );
  try {
    await waitReady(daemon, 'gatekeeper', `http://127.0.0.1:${health}/readyz`);
    const webhookUrl = `https://127.0.0.1:${port}`;
    await cluster.apply(...registeredByUrl(manifest, webhookUrl, cluster.caPem));
    return {
      webhookUrl,
      logFile,
      log: () => readFile(logFile, 'utf8'),
      stop: () => daemon.stop(),
    };
  } catch (error) {
    await daemon.stop();
    throw error;
  }
}

interface WebhookEntry {
  clientConfig: { service?: { path?: string }; url?: string; caBundle?: string };
}

/** The shipped ValidatingWebhookConfiguration, calling `webhookUrl` instead of the Service. */
function registeredByUrl(manifest: Manifest[], webhookUrl: string, caPem: string): Manifest[] {
  return manifest
    .filter((m) => m.kind === 'ValidatingWebhookConfiguration')
    .map((configuration) => {
      const webhooks = (configuration.webhooks as WebhookEntry[]).map((webhook) => ({
        ...webhook,
        clientConfig: {
          url: `${webhookUrl}${webhook.clientConfig.service?.path ?? '/'}`,
          caBundle: Buffer.from(caPem).toString('base64'),
        },
      }));
      return { ...configuration, webhooks };
    });
}
