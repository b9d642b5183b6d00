/**
 * Admission latency and throughput of the webhook over HTTPS, with images and signatures
 * in the real CNCF distribution registry on loopback. Every review is a Pod with three
 * containers. Measured:
 *
 * - warm: the three images (by digest) already verified: the verdict cache answers;
 * - warm, tags: the same by tag: one coalesced HEAD per image, then the cache;
 * - cold: three images never seen before per review (resolve, `.sig` manifest, payload, verify);
 * - 100 concurrent reviews of one new image: registry calls and verifications they cause.
 *
 * Ceiling: a trivial handler (parse JSON, answer a fixed AdmissionReview) on the same
 * stack (fastify on node:https, same certificate, same keep-alive client) in the same run.
 */
import { Agent, request } from 'node:https';
import Fastify from 'fastify';
import { staticKubernetesReader } from '../../src/admission/index.js';
import {
  counterTotal,
  readTlsMaterial,
  type AdmissionServer,
} from '../../src/admission/server/index.js';
import { startDistributionRegistry } from '../../src/testing/index.js';
import {
  SERVER_NAME,
  imageFactory,
  makeCertificates,
  policiesFor,
  removeCertificates,
  review,
  startWebhook,
  workload,
} from '../../test/e2e/admission-harness.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureLoop, round } from '../harness.js';

const WARM_REVIEWS = 2000;
const COLD_REVIEWS = 40;
const CONCURRENCY = 8;
const STAMPEDE = 100;

export const admissionScenario: Scenario = {
  name: 'admission',
  description:
    'webhook reviews (3 containers) warm and cold over HTTPS; coalescing of 100 concurrent reviews',
  async run(): Promise<Measurement[]> {
    const registry = await startDistributionRegistry();
    const certs = await makeCertificates();
    const images = await imageFactory(registry.host);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const kubernetes = staticKubernetesReader({
      namespaces: { team: { 'signet.dev/include': 'true' } },
    });
    let server: AdmissionServer | undefined;
    const trivial = Fastify({ https: await readTlsMaterial(certs), logger: false });
    try {
      const push = (name: string) => images.push(`team/${name}`, 'v1', images.trusted);
      const warmDigests = await Promise.all(['a', 'b', 'c'].map(push));
      const warmByDigest = ['a', 'b', 'c'].map(
        (n, i) => `${registry.host}/team/${n}@${warmDigests[i]!}`,
      );
      const warmByTag = ['a', 'b', 'c'].map((n) => `${registry.host}/team/${n}:v1`);
      const cold: string[][] = [];
      for (let i = 0; i < COLD_REVIEWS; i++) {
        cold.push(
          await Promise.all(
            [0, 1, 2].map(
              async (j) => `${registry.host}/team/cold${i}-${j}@${await push(`cold${i}-${j}`)}`,
            ),
          ),
        );
      }
      server = await startWebhook(certs, kubernetes, policiesFor(images.trusted.publicKey.pem));
      const s = server;
      const post = async (path: string, body: string, url = s.url) => {
        const answer = await new Promise<string>((resolve, reject) => {
          const req = request(
            `${url}${path}`,
            {
              method: 'POST',
              agent,
              ca: certs.ca,
              servername: SERVER_NAME,
              headers: { 'content-type': 'application/json' },
            },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString()));
              res.on('end', () => resolve(text));
            },
          );
          req.on('error', reject);
          req.end(body);
        });
        return JSON.parse(answer) as { response: { allowed: boolean } };
      };
      const admit = async (containers: readonly string[]) => {
        const answer = await post(
          '/validate',
          JSON.stringify(review('Pod', workload('Pod', containers).object)),
        );
        if (!answer.response.allowed)
          throw new Error(`benchmark review denied: ${JSON.stringify(answer)}`);
      };

      const warm = await measureLoop(() => admit(warmByDigest), {
        count: WARM_REVIEWS,
        concurrency: CONCURRENCY,
      });
      const cache = await s.metrics.cache.get();
      const count = (result: string) =>
        cache.values.find((v) => v.labels.result === result)?.value ?? 0;
      const hitRatio = count('hit') / (count('hit') + count('miss') + count('joined'));
      const warmTags = await measureLoop(() => admit(warmByTag), {
        count: WARM_REVIEWS,
        concurrency: CONCURRENCY,
      });
      const coldStats = await measureLoop((i) => admit(cold[i]!), {
        count: COLD_REVIEWS,
        concurrency: CONCURRENCY,
        warmup: 0,
      });

      await push('stampede');
      const callsBefore = await counterTotal(s.metrics.registryCalls);
      const missesBefore = count('miss');
      const stampede = await measureLoop(() => admit([`${registry.host}/team/stampede:v1`]), {
        count: STAMPEDE,
        concurrency: STAMPEDE,
        warmup: 0,
      });
      const stampedeCalls = (await counterTotal(s.metrics.registryCalls)) - callsBefore;
      const after = await s.metrics.cache.get();
      const verifications =
        (after.values.find((v) => v.labels.result === 'miss')?.value ?? 0) - missesBefore;

      const fixed = JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid: 'x', allowed: true },
      });
      trivial.post('/trivial', (req) => {
        if (typeof req.body !== 'object') throw new Error('no body');
        return fixed;
      });
      await trivial.listen({ host: '127.0.0.1', port: 0 });
      const address = trivial.server.address();
      const trivialUrl = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const body = JSON.stringify(review('Pod', workload('Pod', warmByDigest).object));
      const ceiling = await measureLoop(() => post('/trivial', body, trivialUrl), {
        count: WARM_REVIEWS,
        concurrency: CONCURRENCY,
      });

      const ceilingName = 'trivial JSON handler, same fastify/https stack';
      return [
        {
          name: 'review, warm cache (3 digest refs)',
          unit: 'reviews/s',
          subject: warm,
          ceiling,
          ceilingName,
          notes: `verdict cache hit ratio over the warm phase ${round(hitRatio * 100, 1)}%`,
        },
        {
          name: 'review, warm cache (3 tag refs, HEAD each)',
          unit: 'reviews/s',
          subject: warmTags,
          ceiling,
          ceilingName,
        },
        {
          name: 'review, cold (3 new signed images)',
          unit: 'reviews/s',
          subject: coldStats,
          ceiling,
          ceilingName,
        },
        {
          name: `${STAMPEDE} concurrent reviews of one new image (tag)`,
          unit: 'reviews/s',
          subject: stampede,
          ceiling,
          ceilingName,
          notes: `${verifications} verification(s), ${stampedeCalls} registry calls for ${STAMPEDE} reviews (uncoalesced: ${STAMPEDE} verifications, ${STAMPEDE * 3} calls)`,
        },
      ];
    } finally {
      agent.destroy();
      await trivial.close();
      await server?.close();
      await images.close();
      await registry.stop();
      await removeCertificates(certs);
    }
  },
};
