import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, type PrivateKey } from '../../core/keys/index.js';
import { buildImage, pushImage } from '../../oci/build/index.js';
import { parseReference, type ImageReference } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { signImage } from '../sign/sign-image.js';
import { fetchSignatures } from './fetch-signatures.js';

describe('fetchSignatures layouts', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let key: PrivateKey;
  let image: ImageReference;

  before(async () => {
    registry = await startInMemoryRegistry();
    client = new RegistryClient();
    key = await generateKeyPair('ecdsa-p256');
    const ref = parseReference(`${registry.host}/team/app:1.0`);
    const { digest } = await pushImage(client, ref, buildImage());
    image = { ...ref, tag: undefined, digest };
    const write = { write: { settleMs: [0, 0] as [number, number] } };
    await signImage(client, image, key, { ...write, layout: 'legacy' });
    await signImage(client, image, key, { ...write, layout: 'bundle' });
  });
  after(async () => {
    await client.close();
    await registry.stop();
  });

  it('reads both layouts by default', async () => {
    const set = await fetchSignatures(client, image);
    assert.equal(set.legacy?.layers.length, 1);
    assert.equal(set.bundles.length, 1);
  });

  it('reads only the .sig tag for legacy, and only referrers for bundles', async () => {
    const legacy = await fetchSignatures(client, image, { layouts: 'legacy' });
    assert.equal(legacy.legacy?.layers.length, 1);
    assert.deepEqual(legacy.bundles, []);
    const bundles = await fetchSignatures(client, image, { layouts: 'bundles' });
    assert.equal(bundles.legacy, undefined);
    assert.equal(bundles.bundles.length, 1);
  });
});
