/**
 * `signet serve webhook` behind a real kube-apiserver, as the end-to-end tests run it: a
 * serving certificate for signet-webhook.signet-system.svc issued by the cluster's CA, the
 * webhook as its own process serving it on a loopback port, ready, and (for admission) the
 * shipped ValidatingWebhookConfigurations registered to call it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeCluster } from '../../src/testing/kube-cluster.js';
import { registerShippedWebhooks } from '../../src/testing/kube-cluster-webhooks.js';
import { waitUntil } from '../../src/testing/wait-until.js';
import {
  SERVER_NAME,
  SERVICE,
  getText,
  startWebhookChild,
  type WebhookChild,
} from './admission-harness.js';

/** Writes `dir/tls.crt` and `dir/tls.key`, issued by the cluster CA for the webhook Service. */
export async function writeClusterServingCertificate(
  cluster: KubeCluster,
  dir: string,
): Promise<void> {
  const serving = await cluster.issue({
    commonName: SERVICE,
    usage: 'server',
    ipAddresses: ['127.0.0.1'],
    dnsNames: [SERVER_NAME],
  });
  await writeFile(join(dir, 'tls.crt'), serving.certificatePem);
  await writeFile(join(dir, 'tls.key'), serving.privateKeyPem, { mode: 0o600 });
}

/**
 * Starts the webhook with `args` and the certificate of writeClusterServingCertificate on
 * 127.0.0.1 (no database, silent), waits for /readyz, and, with `register`, registers the
 * shipped webhooks so that the API server calls it.
 */
export async function startClusterWebhook(
  cluster: KubeCluster,
  dir: string,
  args: readonly string[],
  options: {
    readonly env?: Readonly<Record<string, string>>;
    readonly register?: boolean;
    readonly readyTimeoutMs?: number;
  } = {},
): Promise<WebhookChild> {
  const webhook = await startWebhookChild(
    [
      ...args,
      '--tls-cert',
      join(dir, 'tls.crt'),
      '--tls-key',
      join(dir, 'tls.key'),
      '--listen',
      '127.0.0.1:0',
      '--database',
      'none',
      '--log-level',
      'silent',
    ],
    options.env,
  );
  await waitUntil(
    'the webhook is ready',
    () => getText(webhook, cluster.caPem, '/readyz'),
    (r) => r.status === 200,
    { timeoutMs: options.readyTimeoutMs ?? 20_000, intervalMs: 200 },
  );
  if (options.register === true) await registerShippedWebhooks(cluster, webhook.url, cluster.caPem);
  return webhook;
}
