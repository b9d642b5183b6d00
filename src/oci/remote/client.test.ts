// RegistryClient against real registries: the CNCF distribution registry 2.8 (no referrers
// API, so the tag-schema fallback is exercised) and the embedded registry (referrers API).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { digestOf } from '../../core/digest.js';
import { isSignetError } from '../../core/errors.js';
import { staticCredentials } from '../credentials/index.js';
import { type ImageManifest, MediaType } from '../manifest/index.js';
import { type ImageReference, parseReference, withDigest } from '../reference/index.js';
import {
  type RunningRegistry,
  realRegistrySkipReason,
  registryTargets,
  startDistributionRegistry,
} from '../../testing/index.js';
import { RegistryClient } from './client.js';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function clientFor(registry: RunningRegistry): RegistryClient {
  return new RegistryClient({
    timeoutMs: 10_000,
    ...(registry.auth === undefined
      ? {}
      : { credentials: staticCredentials(registry.host, registry.auth) }),
  });
}

/** Pushes a one-layer image and returns its manifest bytes and digest. */
async function pushImage(client: RegistryClient, ref: ImageReference) {
  const config = await client.putBlob(ref, encode({ architecture: 'amd64', os: 'linux' }));
  const layer = await client.putBlob(ref, randomBytes(2048));
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { ...config, mediaType: MediaType.OciConfig },
    layers: [{ ...layer, mediaType: MediaType.OciLayerGzip }],
  };
  const bytes = encode(manifest);
  const digest = await client.putManifest(ref, bytes, MediaType.OciManifest);
  return { bytes, digest, manifest };
}

async function referrerOf(
  client: RegistryClient,
  repo: ImageReference,
  subject: string,
  size: number,
  artifactType: string,
) {
  const empty = await client.putBlob(repo, encode({}));
  const payload = await client.putBlob(repo, randomBytes(64));
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType,
    config: { ...empty, mediaType: MediaType.OciEmpty },
    layers: [{ ...payload, mediaType: 'application/octet-stream' }],
    subject: { mediaType: MediaType.OciManifest, digest: subject, size },
  };
  return manifest;
}

const rejectsWith = (code: string) => (err: unknown) => {
  assert.ok(isSignetError(err), String(err));
  assert.equal(err.code, code, err.message);
  return true;
};

for (const target of registryTargets()) {
  describe(
    `RegistryClient against the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let client: RegistryClient;
      const ref = (path: string) => parseReference(`${registry.host}/${path}`);
      before(async () => {
        registry = await target.start();
        client = clientFor(registry);
      });
      after(async () => {
        await client?.close();
        await registry?.stop();
      });

      it('pushes blobs monolithically and in chunks, and reads them back verified', async () => {
        const repo = ref('blobs/app');
        const data = randomBytes(10_000);
        const mono = await client.putBlob(repo, data);
        assert.equal(mono.digest, digestOf(data));
        assert.equal(await client.blobExists(repo, mono.digest), true);
        const chunked = randomBytes(5000);
        const pushed = await client.putBlob(repo, chunked, { chunkSize: 2048 });
        assert.deepEqual(
          await client.readBlob(repo, pushed.digest, 10_000),
          new Uint8Array(chunked),
        );
        const stream = await client.getBlob(repo, mono.digest);
        const parts: Buffer[] = [];
        for await (const part of stream) parts.push(part as Buffer);
        assert.deepEqual(Buffer.concat(parts), data);
        assert.equal(await client.blobExists(repo, digestOf(randomBytes(8))), false);
      });

      it('pushes manifests by tag and by digest; gets, heads and resolves them', async () => {
        const tagged = ref('manifests/app:v1');
        const { bytes, digest } = await pushImage(client, tagged);
        assert.equal(digest, digestOf(bytes));
        const fetched = await client.getManifest(tagged);
        assert.equal(fetched.digest, digest);
        assert.deepEqual(fetched.bytes, bytes);
        assert.equal(fetched.mediaType, MediaType.OciManifest);
        const head = await client.headManifest(tagged);
        assert.deepEqual(head, {
          mediaType: MediaType.OciManifest,
          digest,
          size: bytes.byteLength,
        });
        assert.equal(await client.resolveDigest(tagged), digest);
        const pinned = withDigest(ref('manifests/app'), digest);
        assert.equal(await client.putManifest(pinned, bytes, MediaType.OciManifest), digest);
        assert.equal((await client.getManifest(pinned)).digest, digest);
        const other = withDigest(ref('manifests/app'), digestOf(randomBytes(4)));
        await assert.rejects(
          client.putManifest(other, bytes, MediaType.OciManifest),
          rejectsWith('DIGEST_MISMATCH'),
        );
        const byDigest = withDigest(ref('never/contacted'), digest);
        assert.equal(
          await client.resolveDigest(byDigest),
          digest,
          'digest refs resolve without a call',
        );
      });

      it('answers 404s with REGISTRY_NOT_FOUND, undefined or false', async () => {
        await pushImage(client, ref('missing/app:exists'));
        await assert.rejects(
          client.getManifest(ref('missing/app:nope')),
          rejectsWith('REGISTRY_NOT_FOUND'),
        );
        await assert.rejects(
          client.getManifest(ref('missing/never:1')),
          rejectsWith('REGISTRY_NOT_FOUND'),
        );
        await assert.rejects(
          client.resolveDigest(ref('missing/app:nope')),
          rejectsWith('REGISTRY_NOT_FOUND'),
        );
        assert.equal(await client.headManifest(ref('missing/app:nope')), undefined);
      });

      it('mounts a blob from another repository of the same registry', async () => {
        const data = randomBytes(3000);
        const source = await client.putBlob(ref('mount/source'), data);
        assert.equal(
          await client.mountBlob(ref('mount/source'), ref('mount/target'), source.digest),
          true,
        );
        assert.equal(await client.blobExists(ref('mount/target'), source.digest), true);
        const absent = digestOf(randomBytes(16));
        assert.equal(
          await client.mountBlob(ref('mount/source'), ref('mount/target'), absent),
          false,
        );
      });

      it('lists tags across pages of two', async () => {
        const repo = ref('tags/app:a');
        const { bytes } = await pushImage(client, repo);
        const names = ['a', 'b', 'c', 'd', 'e'];
        for (const name of names.slice(1)) {
          await client.putManifest(ref(`tags/app:${name}`), bytes, MediaType.OciManifest);
        }
        assert.deepEqual((await client.listTags(repo, { pageSize: 2 })).sort(), names);
        assert.deepEqual((await client.listTags(repo)).sort(), names);
      });

      it('pushes referrers and lists them, filtered by artifact type', async () => {
        const image = ref('refs/app:1');
        const { digest, bytes } = await pushImage(client, image);
        const sig = await referrerOf(
          client,
          image,
          digest,
          bytes.byteLength,
          'application/vnd.example.sig',
        );
        const sbom = await referrerOf(
          client,
          image,
          digest,
          bytes.byteLength,
          'application/vnd.example.sbom',
        );
        const sigDigest = await client.pushReferrer(image, sig);
        await client.pushReferrer(image, sbom);
        await client.pushReferrer(image, sig); // again: listed once
        const subject = withDigest(image, digest);
        const all = await client.getReferrers(subject);
        assert.equal(all.source, registry.referrersApi ? 'api' : 'tag-schema');
        assert.equal(all.descriptors.length, 2);
        const sigs = await client.getReferrers(subject, {
          artifactType: 'application/vnd.example.sig',
        });
        assert.deepEqual(
          sigs.descriptors.map((d) => d.digest),
          [sigDigest],
        );
        assert.equal(sigs.descriptors[0]?.artifactType, 'application/vnd.example.sig');
        const none = await client.getReferrers(withDigest(image, digestOf(randomBytes(4))));
        assert.deepEqual(none.descriptors, []);
      });

      it('requires a digest to list referrers', async () => {
        await assert.rejects(
          client.getReferrers(ref('refs/app:1')),
          rejectsWith('REFERENCE_NEEDS_DIGEST'),
        );
      });
    },
  );
}

for (const target of registryTargets({ auth: 'basic' })) {
  describe(
    `Basic authentication against the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      before(async () => (registry = await target.start()));
      after(async () => registry?.stop());

      it('pushes and pulls with credentials, and names the registry without them', async () => {
        const client = clientFor(registry);
        const anonymous = new RegistryClient();
        try {
          const repo = parseReference(`${registry.host}/auth/app:1`);
          const { digest } = await pushImage(client, repo);
          assert.equal(await client.resolveDigest(repo), digest);
          await assert.rejects(anonymous.getManifest(repo), (err: unknown) => {
            rejectsWith('REGISTRY_UNAUTHORIZED')(err);
            assert.match((err as Error).message, new RegExp(registry.host));
            return true;
          });
        } finally {
          await client.close();
          await anonymous.close();
        }
      });
    },
  );
}

describe(
  'token authentication against the distribution registry',
  { skip: realRegistrySkipReason() },
  () => {
    let registry: RunningRegistry;
    before(async () => (registry = await startDistributionRegistry({ auth: 'token' })));
    after(async () => registry?.stop());

    it('pushes with a push-scoped token and pulls with a pull-scoped one', async () => {
      const client = clientFor(registry);
      try {
        const repo = parseReference(`${registry.host}/token/app:1`);
        const { digest } = await pushImage(client, repo);
        assert.equal((await client.getManifest(repo)).digest, digest);
        const data = (await client.getManifest(repo)).parsed;
        assert.equal(data.kind, 'image');
        assert.equal(
          await client.mountBlob(
            repo,
            parseReference(`${registry.host}/token/copy:1`),
            data.kind === 'image' ? data.manifest.layers[0]!.digest : '',
          ),
          true,
        );
      } finally {
        await client.close();
      }
    });

    it('is refused without credentials', async () => {
      const client = new RegistryClient();
      try {
        await assert.rejects(
          client.getManifest(parseReference(`${registry.host}/token/app:1`)),
          rejectsWith('REGISTRY_UNAUTHORIZED'),
        );
      } finally {
        await client.close();
      }
    });
  },
);
