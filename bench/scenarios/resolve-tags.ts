/**
 * Resolving tags to digests is the first registry call of every sign, verify and
 * admission decision. This resolves 1,000 tag references against the real CNCF
 * distribution registry on loopback with keep-alive, and compares it with the same loop
 * of bare undici HEAD requests (no parsing, auth handling or retries) as the ceiling.
 */
import { Pool } from 'undici';
import { startDistributionRegistry } from '../../src/testing/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { MANIFEST_ACCEPT } from '../../src/oci/manifest/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureLoop } from '../harness.js';

const COUNT = 1000;

export const resolveTagsScenario: Scenario = {
  name: 'resolve-tags',
  description: `resolve ${COUNT} tag references to digests on the local distribution registry`,
  async run(): Promise<Measurement[]> {
    const registry = await startDistributionRegistry();
    const client = new RegistryClient();
    const pool = new Pool(`http://${registry.host}`, { connections: 8 });
    try {
      const text = `${registry.host}/bench/app:v1`;
      await pushImage(client, parseReference(text), buildImage());
      const out: Measurement[] = [];
      for (const concurrency of [1, 8]) {
        const subject = await measureLoop(() => client.resolveDigest(parseReference(text)), {
          count: COUNT,
          concurrency,
        });
        const ceiling = await measureLoop(
          async () => {
            const res = await pool.request({
              method: 'HEAD',
              path: '/v2/bench/app/manifests/v1',
              headers: { accept: MANIFEST_ACCEPT },
            });
            await res.body.dump();
          },
          { count: COUNT, concurrency },
        );
        out.push({
          name: 'resolveDigest(tag)',
          unit: 'requests/s',
          subject,
          ceiling,
          ceilingName: 'bare HEAD',
        });
      }
      return out;
    } finally {
      await pool.close();
      await client.close();
      await registry.stop();
    }
  },
};
