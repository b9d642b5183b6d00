import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { buildImage, pushImage } from '../build/index.js';
import { parseReference, withDigest } from '../reference/index.js';
import {
  countingProxy,
  describeRequest,
  type CountingProxy,
} from '../../testing/counting-proxy.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { RegistryClient } from './client.js';

describe('RegistryClient.snapshot', () => {
  let registry: RunningRegistry;
  let proxy: CountingProxy;
  let client: RegistryClient;
  const ref = (path: string) => parseReference(`${proxy.host}/${path}`);
  const requests = () => proxy.seen.map(describeRequest);

  before(async () => {
    registry = await startInMemoryRegistry();
    proxy = await countingProxy(registry.host);
    client = new RegistryClient({ timeoutMs: 10_000 });
  });
  after(async () => {
    await client?.close();
    await proxy?.close();
    await registry?.stop();
  });

  it('reads a manifest once by tag and by the digest it resolved to, with one GET', async () => {
    const { digest } = await pushImage(client, ref('app:v1'), buildImage({ layers: 1 }));
    const view = client.snapshot();
    proxy.seen.length = 0;
    assert.equal(await view.resolveDigest(ref('app:v1')), digest);
    const byTag = await view.getManifest(ref('app:v1'));
    const byDigest = await view.getManifest(withDigest(ref('app'), digest));
    assert.equal(byTag.digest, digest);
    assert.deepEqual(byDigest.bytes, byTag.bytes);
    assert.deepEqual(requests(), ['GET /v2/app/manifests/v1']);
  });

  it('keeps the tag as first read, while the client itself reads the registry anew', async () => {
    const first = await pushImage(client, ref('moving:v1'), buildImage({ layers: 1 }));
    const view = client.snapshot();
    assert.equal(await view.resolveDigest(ref('moving:v1')), first.digest);
    const second = await pushImage(client, ref('moving:v1'), buildImage({ layers: 2 }));
    assert.equal((await view.getManifest(ref('moving:v1'))).digest, first.digest);
    assert.equal(await client.resolveDigest(ref('moving:v1')), second.digest);
    assert.equal(await client.snapshot().resolveDigest(ref('moving:v1')), second.digest);
  });

  it('forgets a failed read, so that a retry asks the registry again', async () => {
    const view = client.snapshot();
    proxy.seen.length = 0;
    for (let i = 0; i < 2; i++) {
      await assert.rejects(view.getManifest(ref('late:v1')), (error: unknown) => {
        assert.ok(isSignetError(error), String(error));
        assert.equal(error.code, 'REGISTRY_NOT_FOUND');
        return true;
      });
    }
    assert.equal(requests().length, 2);
    const { digest } = await pushImage(client, ref('late:v1'), buildImage({ layers: 1 }));
    assert.equal((await view.getManifest(ref('late:v1'))).digest, digest);
  });

  it('forgets what it read when it writes a manifest', async () => {
    const { digest } = await pushImage(client, ref('written:v1'), buildImage({ layers: 1 }));
    const view = client.snapshot();
    const read = await view.getManifest(ref('written:v1'));
    assert.equal(read.digest, digest);
    const other = await pushImage(client, ref('written:v2'), buildImage({ layers: 2 }));
    const copied = await view.getManifest(withDigest(ref('written'), other.digest));
    await view.putManifest(ref('written:v1'), copied.bytes, copied.mediaType);
    assert.equal((await view.getManifest(ref('written:v1'))).digest, other.digest);
  });
});
