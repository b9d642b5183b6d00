import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { buildImage, pushImage } from '../../oci/build/index.js';
import { parseReference, withDigest } from '../../oci/reference/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { errorForResponse } from '../../oci/transport/error-body.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { bundleReferrerManifest, pushReferrerConfirmed } from './push-bundle.js';
import { EMPTY_JSON } from './signature-manifest.js';

const PREDICATE = 'https://slsa.dev/provenance/v1';

/** The registry's refusal of a tag write, with a distribution error code. */
const refusal = (host: string, code: string) =>
  errorForResponse({
    registry: host,
    status: 400,
    what: 'manifest',
    url: `http://${host}/v2/repo/app/manifests/x`,
    body: new TextEncoder().encode(JSON.stringify({ errors: [{ code, message: code }] })),
  });

describe('pushing a referrer on the referrers tag schema', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let n = 0;

  before(async () => {
    // No referrers API: the client keeps the sha256-<hex> tag index, the write that races.
    registry = await startInMemoryRegistry({ referrersApi: false });
    client = new RegistryClient();
  });
  after(async () => {
    await client.close();
    await registry.stop();
  });

  async function subject() {
    const repo = parseReference(`${registry.host}/team/app${++n}:1`);
    await pushImage(client, repo, buildImage());
    const fetched = await client.getManifest(repo);
    const bundle = new TextEncoder().encode(`{"bundle":${n}}`);
    await client.putBlob(repo, EMPTY_JSON);
    await client.putBlob(repo, bundle);
    const manifest = bundleReferrerManifest(
      { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length },
      bundle,
      PREDICATE,
      new Date('2026-12-06T10:00:00Z'),
    );
    return { repo, digest: fetched.digest, manifest };
  }

  /** A client whose first `failures` referrer pushes the registry refuses with `code`. */
  function refusing(code: string, failures: number) {
    let refused = 0;
    const racing = Object.create(client) as RegistryClient;
    racing.pushReferrer = (...args: Parameters<RegistryClient['pushReferrer']>) =>
      refused++ < failures
        ? Promise.reject(refusal(registry.host, code))
        : client.pushReferrer(...args);
    return { racing, refused: () => refused };
  }

  it('pushes again when the registry refuses an index write that raced another', async () => {
    const { repo, digest, manifest } = await subject();
    const { racing, refused } = refusing('DIGEST_INVALID', 1);
    const pushed = await pushReferrerConfirmed(racing, repo, manifest, { sleep: async () => {} });
    assert.equal(refused(), 2);
    const listed = await client.getReferrers(withDigest(repo, digest), {
      artifactType: manifest.artifactType!,
    });
    assert.deepEqual(
      listed.descriptors.map((d) => d.digest),
      [pushed],
    );
  });

  it('gives up with the refusal once every push was refused', async () => {
    const { repo, manifest } = await subject();
    const { racing } = refusing('DIGEST_INVALID', 10);
    await assert.rejects(
      pushReferrerConfirmed(racing, repo, manifest, { sleep: async () => {}, maxPushes: 3 }),
      (error: unknown) => isSignetError(error) && error.details.registryCode === 'DIGEST_INVALID',
    );
  });

  it('fails at once on any other refusal', async () => {
    const { repo, manifest } = await subject();
    const { racing, refused } = refusing('MANIFEST_INVALID', 10);
    await assert.rejects(
      pushReferrerConfirmed(racing, repo, manifest, { sleep: async () => {} }),
      (error: unknown) => isSignetError(error) && error.code === 'REGISTRY_REJECTED',
    );
    assert.equal(refused(), 1);
  });
});
