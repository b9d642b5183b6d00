/**
 * The floor of any validating webhook, run as its own process by the apiserver-admission
 * benchmark: the same fastify-on-node:https stack as Signet's webhook, answering every
 * AdmissionReview "allowed" without looking at it. The API server's cost of calling a
 * webhook (serialising the review, the HTTPS round trip) is what it measures.
 *
 * Usage: node --import tsx trivial-webhook-server.ts CERT_FILE KEY_FILE; prints the URL.
 */
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';

const [certFile, keyFile] = process.argv.slice(2);
if (certFile === undefined || keyFile === undefined)
  throw new Error('usage: trivial-webhook-server.ts CERT_FILE KEY_FILE');

const app = Fastify({
  https: { cert: await readFile(certFile), key: await readFile(keyFile), minVersion: 'TLSv1.2' },
  logger: false,
});
app.post('/validate', (req) => {
  const review = (req.body as { request?: { uid?: unknown; dryRun?: boolean } }).request;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    // A warning on dry runs only: the benchmark's probe sees that the API server calls it.
    response: {
      uid: review?.uid,
      allowed: true,
      ...(review?.dryRun === true ? { warnings: ['trivial webhook called'] } : {}),
    },
  };
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.stderr.write(`trivial webhook listening on https://127.0.0.1:${port}\n`);
process.once('SIGTERM', () => void app.close());
