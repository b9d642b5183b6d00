/**
 * Registers Signet's shipped webhook configurations (deploy/06-validating-webhook.yaml and
 * deploy/07-mutating-webhook.yaml) with a test cluster, changed only where a test must:
 * the API server calls a webhook process on 127.0.0.1 by URL instead of through the
 * in-cluster Service, and trusts the CA that signed its certificate. Selectors, rules,
 * failure policy and timeouts stay as shipped, so the test exercises them.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeCluster } from './kube-cluster.js';

export const DEPLOY_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '../../deploy');
export const WEBHOOK_CONFIGURATION_FILES = [
  '06-validating-webhook.yaml',
  '07-mutating-webhook.yaml',
];

interface WebhookEntry {
  name: string;
  clientConfig: { service?: { path?: string }; url?: string; caBundle?: string };
}

/** The shipped configurations, pointed at `webhookUrl` (`https://127.0.0.1:PORT`). */
export async function shippedWebhookConfigurations(
  webhookUrl: string,
  caPem: string,
): Promise<Record<string, unknown>[]> {
  const configurations: Record<string, unknown>[] = [];
  for (const name of WEBHOOK_CONFIGURATION_FILES) {
    const text = await readFile(join(DEPLOY_DIRECTORY, name), 'utf8');
    for (const document of parseAllDocuments(text)) {
      const configuration = document.toJS() as { webhooks: WebhookEntry[] } & Record<
        string,
        unknown
      >;
      for (const webhook of configuration.webhooks) {
        const path = webhook.clientConfig.service?.path ?? '/';
        webhook.clientConfig = {
          url: `${webhookUrl}${path}`,
          caBundle: Buffer.from(caPem).toString('base64'),
        };
      }
      configurations.push(configuration);
    }
  }
  return configurations;
}

/** Applies them; the API server calls the webhook from the next request on. */
export async function registerShippedWebhooks(
  cluster: KubeCluster,
  webhookUrl: string,
  caPem: string,
): Promise<void> {
  await cluster.apply(...(await shippedWebhookConfigurations(webhookUrl, caPem)));
}
