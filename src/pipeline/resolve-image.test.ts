import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildImage, pushImage } from '../oci/build/index.js';
import { parseReference } from '../oci/reference/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { compilePolicies } from '../policy/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../testing/index.js';
import { clusterImageVerdict } from './cluster-image-verdict.js';
import { registryEvidence } from './registry-evidence.js';
import { resolveImage } from './resolve-image.js';

describe('resolving an image and judging it with ClusterImagePolicies', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let digest: string;
  const ref = (name: string) => parseReference(`${registry.host}/team/${name}:1.0`);
  const evidence = () =>
    registryEvidence({ client, readSecret: () => Promise.reject(new Error('no secrets')) });

  before(async () => {
    registry = await startInMemoryRegistry();
    client = new RegistryClient();
    ({ digest } = await pushImage(client, ref('app'), buildImage()));
  });
  after(async () => {
    await client.close();
    await registry.stop();
  });

  it('resolves a tag to the digest it names and pins the reference by it', async () => {
    const resolved = await resolveImage(client, ref('app'));
    assert.equal(resolved.digest, digest);
    assert.equal(resolved.pinned.digest, digest);
    assert.equal(resolved.pinned.repository, 'team/app');
  });

  it('rejects an image the registry does not hold with REGISTRY_NOT_FOUND', async () => {
    await assert.rejects(resolveImage(client, ref('missing')), { code: 'REGISTRY_NOT_FOUND' });
  });

  it('evaluates the resolved digest: an uncovered image is denied by default and allowed with noMatch allow', async () => {
    const target = { image: `${registry.host}/team/app:1.0`, ref: ref('app'), labels: {} };
    const denied = await clusterImageVerdict(compilePolicies([]), target, client, evidence());
    assert.equal(denied.allowed, false);
    assert.equal(denied.digest, digest);
    const allowed = await clusterImageVerdict(
      compilePolicies([], { noMatch: 'allow' }),
      target,
      client,
      evidence(),
    );
    assert.equal(allowed.allowed, true);
    assert.equal(allowed.digest, digest);
  });
});
