/**
 * The dashboard part of `signet demo`: a Signet server (API and dashboard, public reads,
 * loopback only) on a SQLite store in the demo's folder, the admission webhook in the same
 * process enforcing the demo policy, and a Pod admission review sent to it as the
 * Kubernetes API server would send it, so the refusal of the unsigned image is recorded
 * and shown on the Violations page the demo prints.
 */
import { request } from 'node:https';
import { join } from 'node:path';
import { pino } from 'pino';
import { generateWebhookCertificates, writeWebhookCertificates } from '../../admission/index.js';
import { openDecisionStore } from '../../records/index.js';
import { startSignetServer } from '../../ui/server.js';
import type { CliContext } from '../context.js';
import { startWebhookPart } from './serve-webhook.js';

const SERVICE = 'signet-webhook';
const NAMESPACE = 'signet-system';
export const DEMO_CLUSTER = 'demo';

export interface DemoDashboard {
  readonly url: string;
  /** Sends a Pod with `images` in namespace `demo` to the webhook; resolves with whether it was allowed. */
  admitPod(name: string, images: readonly string[]): Promise<{ allowed: boolean; message: string }>;
  close(): Promise<void>;
}

export async function startDemoDashboard(
  root: string,
  registryHost: string,
  policyFile: string,
  tlogUrl: string,
  context: CliContext,
): Promise<DemoDashboard> {
  const store = await openDecisionStore(`sqlite:${join(root, 'records.db')}`);
  const certs = await generateWebhookCertificates({ service: SERVICE, namespace: NAMESPACE });
  const files = await writeWebhookCertificates(join(root, 'webhook-tls'), certs);
  const quiet = { ...context, console: { out: () => undefined, err: () => undefined } };
  const webhook = await startWebhookPart(
    {
      policy: [policyFile],
      policySource: 'files',
      tlsCert: files.certificate,
      tlsKey: files.privateKey,
      listen: '127.0.0.1:0',
      clusterName: DEMO_CLUSTER,
      match: 'deny',
      timeout: '25s',
      cacheTtl: '60s',
      cacheSize: '1000',
      kubernetes: 'none',
      insecureRegistry: [registryHost],
      logLevel: 'silent',
    },
    quiet,
    store,
  );
  const server = await startSignetServer({
    store,
    publicRead: true,
    tlogUrl,
    loadedPolicies: () => webhook.policyNames(),
    logger: pino({ level: 'silent' }),
  });
  let uid = 0;
  return {
    url: server.url,
    admitPod(name, images) {
      uid += 1;
      const review = {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid: `00000000-0000-0000-0000-${String(uid).padStart(12, '0')}`,
          kind: { group: '', version: 'v1', kind: 'Pod' },
          resource: { group: '', version: 'v1', resource: 'pods' },
          namespace: 'demo',
          name,
          operation: 'CREATE',
          object: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name, namespace: 'demo' },
            spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
          },
        },
      };
      return postReview(`${webhook.url}/validate`, certs.caCertificatePem, review);
    },
    async close() {
      await server.close();
      await webhook.close();
      await store.close();
    },
  };
}

function postReview(
  url: string,
  ca: string,
  review: unknown,
): Promise<{ allowed: boolean; message: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca,
        servername: `${SERVICE}.${NAMESPACE}.svc`,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          try {
            const body = JSON.parse(text) as {
              response?: { allowed?: boolean; status?: { message?: string } };
            };
            resolve({
              allowed: body.response?.allowed === true,
              message: body.response?.status?.message ?? '',
            });
          } catch (error) {
            reject(
              new Error(`the webhook answered ${res.statusCode ?? 0} with no AdmissionReview`, {
                cause: error,
              }),
            );
          }
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(review));
  });
}
