/**
 * The client side of the apiserver-admission benchmark: Pod creates over raw HTTPS with a
 * client certificate on a keep-alive pool, so the client's own cost is one small JSON POST
 * per create and the same in every case compared (no client library, no kubectl process).
 */
import { Agent, request } from 'node:https';
import type { IssuedCertificate } from '../../src/testing/kube-cluster-certs.js';

export interface ApiAnswer {
  readonly status: number;
  readonly text: string;
  /** The Warning headers: admission webhooks' warnings reach the client there. */
  readonly warning: string;
}

export interface PodClient {
  /** POST a Pod running `images` into `namespace`; `dryRun` leaves nothing stored. */
  createPod(
    namespace: string,
    name: string,
    images: readonly string[],
    dryRun?: boolean,
  ): Promise<ApiAnswer>;
  /** Removes every Pod of `namespace` (unscheduled pods go at once: there is no kubelet). */
  deletePods(namespace: string): Promise<void>;
  close(): void;
}

export function podClient(
  url: string,
  caPem: string,
  user: IssuedCertificate,
  maxSockets: number,
): PodClient {
  const agent = new Agent({
    keepAlive: true,
    maxSockets,
    ca: caPem,
    cert: user.certificatePem,
    key: user.privateKeyPem,
  });
  const send = (method: string, path: string, body?: string) =>
    new Promise<ApiAnswer>((resolve, reject) => {
      const req = request(
        `${url}${path}`,
        { method, agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text, warning: String(res.headers.warning) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    createPod(namespace, name, images, dryRun = false) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace },
        spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
      };
      const query = dryRun ? '?dryRun=All' : '';
      return send('POST', `/api/v1/namespaces/${namespace}/pods${query}`, JSON.stringify(pod));
    },
    async deletePods(namespace) {
      const answer = await send('DELETE', `/api/v1/namespaces/${namespace}/pods`);
      if (answer.status !== 200)
        throw new Error(`deleting pods of ${namespace}: HTTP ${answer.status} ${answer.text}`);
    },
    close: () => agent.destroy(),
  };
}
