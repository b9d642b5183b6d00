/**
 * Registry requests per cold image verification, counted at the registry by a loopback
 * proxy (src/testing/counting-proxy.ts): the figure is what the registry serves, pings
 * and probes included. Each case verifies
 * a legacy-signed image with a new client (a one-shot CLI), by digest and by tag, on the
 * embedded registry (referrers API) and the real distribution registry (tag schema):
 *
 * - both layouts: what `signet verify` read before (and reads by default, as cosign v3);
 * - legacy only: `signet verify --new-bundle-format=false`, no referrers request.
 *
 * The request count is in each measurement's name and notes; the loop's rate is
 * compared with the both-layouts loop of the same image (the ceiling: today's path).
 * Goals (issue 9): 2 requests for a digest reference, 3 for a tag.
 */
import { generateKeyPair, type PrivateKey } from '../../src/core/keys/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference, type ImageReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { createImageVerifier, signImage, verifyImage } from '../../src/signing/index.js';
import type { SignatureLayouts } from '../../src/signing/remote/index.js';
import {
  startDistributionRegistry,
  startInMemoryRegistry,
  type RunningRegistry,
} from '../../src/testing/index.js';
import type { Measurement, Scenario } from '../harness.js';
import { measureLoop } from '../harness.js';
import {
  countingProxy,
  describeRequest,
  type CountingProxy,
} from '../../src/testing/counting-proxy.js';

const VERIFICATIONS = 100;

async function signedImage(proxy: CountingProxy, key: PrivateKey): Promise<ImageReference> {
  const client = new RegistryClient();
  try {
    const ref = parseReference(`${proxy.host}/bench/requests:v1`);
    const { digest } = await pushImage(client, ref, buildImage({ layers: 1, layerBytes: 256 }));
    await signImage(client, { ...ref, digest }, key, { write: { settleMs: [0, 0] } });
    return { ...ref, digest };
  } finally {
    await client.close();
  }
}

async function coldVerify(
  ref: ImageReference,
  key: PrivateKey,
  layouts: SignatureLayouts,
): Promise<void> {
  const client = new RegistryClient();
  try {
    const verifier = createImageVerifier({ keys: [key.publicKey] });
    const verified = await verifyImage(client, ref, verifier, { layouts });
    if (!verified.result.ok) throw new Error('benchmark image failed verification');
  } finally {
    await client.close();
  }
}

async function registryCases(
  name: string,
  registry: RunningRegistry,
  key: PrivateKey,
): Promise<Measurement[]> {
  const proxy = await countingProxy(registry.host);
  try {
    const image = await signedImage(proxy, key);
    const byRef = { digest: { ...image, tag: undefined }, tag: { ...image, digest: undefined } };
    const out: Measurement[] = [];
    for (const [kind, ref] of Object.entries(byRef)) {
      const count = async (layouts: SignatureLayouts) => {
        proxy.seen.length = 0;
        await coldVerify(ref, key, layouts);
        return proxy.seen.map(describeRequest);
      };
      const today = await count('both');
      const legacy = await count('legacy');
      const loop = (layouts: SignatureLayouts) =>
        measureLoop(() => coldVerify(ref, key, layouts), { count: VERIFICATIONS, warmup: 5 });
      const ceiling = await loop('both');
      const subject = await loop('legacy');
      out.push({
        name: `requests per cold verification, ${kind} reference, ${name}: ${legacy.length} (both layouts: ${today.length}; goal ${kind === 'digest' ? 2 : 3})`,
        unit: 'verifications/s',
        subject,
        ceiling,
        ceilingName: 'both layouts, same image',
        notes: `legacy only: ${legacy.join(', ')} | both layouts: ${today.join(', ')}`,
      });
    }
    return out;
  } finally {
    await proxy.close();
  }
}

export const verifyRequestsScenario: Scenario = {
  name: 'verify-requests',
  description:
    'registry requests per cold image verification (digest and tag), counted at the registry, legacy only vs both layouts',
  async run(): Promise<Measurement[]> {
    const key = await generateKeyPair('ecdsa-p256');
    const results: Measurement[] = [];
    for (const [name, start] of [
      ['embedded registry', startInMemoryRegistry],
      ['distribution registry', startDistributionRegistry],
    ] as const) {
      const registry = await start();
      try {
        results.push(...(await registryCases(name, registry, key)));
      } finally {
        await registry.stop();
      }
    }
    return results;
  },
};
