// The OCI 1.1 referrers API of the embedded registry, and its distribution-2.8 emulation
// checked side by side with the real distribution 2.8.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf } from '../core/digest.js';
import { MediaType, type Descriptor, type ImageManifest } from '../oci/manifest/index.js';
import { buildImage } from '../oci/build/index.js';
import {
  pushBlobRaw,
  putManifestRaw,
  rawRequest,
  realRegistrySkipReason,
  startDistributionRegistry,
  startInMemoryRegistry,
  type RunningRegistry,
} from '../testing/index.js';

const EMPTY = new TextEncoder().encode('{}');
const SIG_TYPE = 'application/vnd.example.signature.v1+json';
const SBOM_CONFIG = 'application/vnd.example.sbom.config.v1+json';

/** Pushes a subject image and returns its descriptor. */
async function pushSubject(registry: RunningRegistry, repo: string): Promise<Descriptor> {
  const image = buildImage({ random: `subject-${repo}` });
  for (const bytes of image.blobs.values()) await pushBlobRaw(registry.url, repo, bytes);
  await putManifestRaw(registry.url, repo, 'v1', image.manifestBytes, MediaType.OciManifest);
  return {
    mediaType: MediaType.OciManifest,
    digest: image.digest,
    size: image.manifestBytes.byteLength,
  };
}

/** Pushes a referrer manifest naming `subject`; returns the raw answer and the digest. */
async function pushReferrer(
  registry: RunningRegistry,
  repo: string,
  subject: Descriptor,
  extra: Partial<ImageManifest>,
) {
  const config = await pushBlobRaw(registry.url, repo, EMPTY);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciEmpty, digest: config, size: EMPTY.byteLength },
    layers: [],
    subject,
    ...extra,
  };
  const bytes = JSON.stringify(manifest);
  const digest = digestOf(new TextEncoder().encode(bytes));
  const res = await putManifestRaw(registry.url, repo, digest, bytes, MediaType.OciManifest);
  return { res, digest };
}

describe('referrers API (embedded)', () => {
  let registry: RunningRegistry;
  let subject: Descriptor;
  let signature: string;
  let sbom: string;
  before(async () => {
    registry = await startInMemoryRegistry();
    subject = await pushSubject(registry, 'team/app');
    const signed = await pushReferrer(registry, 'team/app', subject, {
      artifactType: SIG_TYPE,
      annotations: { 'org.example.signer': 'ci' },
    });
    assert.equal(signed.res.status, 201);
    assert.equal(signed.res.headers['oci-subject'], subject.digest);
    signature = signed.digest;
    const described = await pushReferrer(registry, 'team/app', subject, {
      config: {
        mediaType: SBOM_CONFIG,
        digest: await pushBlobRaw(registry.url, 'team/app', EMPTY),
        size: 2,
      },
    });
    sbom = described.digest;
  });
  after(() => registry.stop());

  it('lists the manifests that name a subject, with artifact types and annotations', async () => {
    const res = await rawRequest(registry.url, `/v2/team/app/referrers/${subject.digest}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], MediaType.OciIndex);
    const index = res.json();
    assert.equal(index.schemaVersion, 2);
    assert.equal(index.mediaType, MediaType.OciIndex);
    const byDigest = new Map((index.manifests as Descriptor[]).map((d) => [d.digest, d]));
    assert.equal(byDigest.size, 2);
    assert.equal(byDigest.get(signature)?.artifactType, SIG_TYPE);
    assert.deepEqual(byDigest.get(signature)?.annotations, { 'org.example.signer': 'ci' });
    // Without artifactType, an image manifest's config media type stands in (spec 1.1).
    assert.equal(byDigest.get(sbom)?.artifactType, SBOM_CONFIG);
  });

  it('filters by artifactType and says so', async () => {
    const res = await rawRequest(
      registry.url,
      `/v2/team/app/referrers/${subject.digest}?artifactType=${encodeURIComponent(SIG_TYPE)}`,
    );
    assert.equal(res.headers['oci-filters-applied'], 'artifactType');
    assert.deepEqual(
      res.json().manifests.map((d: Descriptor) => d.digest),
      [signature],
    );
  });

  it('returns an empty index for a subject nobody refers to', async () => {
    const res = await rawRequest(registry.url, `/v2/team/app/referrers/${digestOf(EMPTY)}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json().manifests, []);
  });

  it('accepts a referrer before its subject exists', async () => {
    const absent = {
      mediaType: MediaType.OciManifest,
      digest: digestOf(new Uint8Array([9])),
      size: 1,
    };
    const { res } = await pushReferrer(registry, 'team/app', absent, { artifactType: SIG_TYPE });
    assert.equal(res.status, 201);
    const list = await rawRequest(registry.url, `/v2/team/app/referrers/${absent.digest}`);
    assert.equal(list.json().manifests.length, 1);
  });

  it('drops a deleted referrer from the list', async () => {
    const { digest } = await pushReferrer(registry, 'team/app', subject, {
      artifactType: 'application/vnd.example.tmp',
    });
    await rawRequest(registry.url, `/v2/team/app/manifests/${digest}`, { method: 'DELETE' });
    const res = await rawRequest(registry.url, `/v2/team/app/referrers/${subject.digest}`);
    assert.ok(!res.json().manifests.some((d: Descriptor) => d.digest === digest));
  });

  it('answers DIGEST_INVALID for a malformed subject digest', async () => {
    const res = await rawRequest(registry.url, '/v2/team/app/referrers/sha256:zz');
    assert.equal(res.status, 400);
    assert.equal(res.errorCode(), 'DIGEST_INVALID');
  });
});

const withoutApi: { name: string; skip?: string; start: () => Promise<RunningRegistry> }[] = [
  {
    name: 'distribution 2.8',
    skip: realRegistrySkipReason(),
    start: () => startDistributionRegistry(),
  },
  {
    name: 'embedded, referrersApi false',
    start: () => startInMemoryRegistry({ referrersApi: false }),
  },
];

for (const target of withoutApi) {
  describe(`registry without the referrers API (${target.name})`, { skip: target.skip }, () => {
    let registry: RunningRegistry;
    before(async () => {
      registry = await target.start();
    });
    after(() => registry.stop());

    it('stores a manifest with a subject but sends no OCI-Subject and no referrers list', async () => {
      const subject = await pushSubject(registry, 'team/app');
      const { res } = await pushReferrer(registry, 'team/app', subject, { artifactType: SIG_TYPE });
      assert.equal(res.status, 201);
      assert.equal(res.headers['oci-subject'], undefined);
      const list = await rawRequest(registry.url, `/v2/team/app/referrers/${subject.digest}`);
      assert.equal(list.status, 404);
    });
  });
}
