// Tag listing and its pagination, against distribution 2.8 and the embedded registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MediaType } from '../oci/manifest/index.js';
import { buildImage } from '../oci/build/index.js';
import {
  pushBlobRaw,
  putManifestRaw,
  rawRequest,
  registryTargets,
  type RunningRegistry,
} from '../testing/index.js';

const TAGS = ['v1', 'v2', 'v3', 'latest', 'beta'];

for (const target of registryTargets()) {
  describe(`tag listing (${target.name})`, { skip: target.skipReason }, () => {
    let registry: RunningRegistry;
    before(async () => {
      registry = await target.start();
      const image = buildImage({ random: 'tags' });
      for (const bytes of image.blobs.values()) await pushBlobRaw(registry.url, 'team/app', bytes);
      for (const tag of TAGS) {
        const res = await putManifestRaw(
          registry.url,
          'team/app',
          tag,
          image.manifestBytes,
          MediaType.OciManifest,
        );
        assert.equal(res.status, 201);
      }
    });
    after(() => registry.stop());

    it('lists every tag in lexical order', async () => {
      const res = await rawRequest(registry.url, '/v2/team/app/tags/list');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { name: 'team/app', tags: [...TAGS].sort() });
    });

    it('answers NAME_UNKNOWN for a repository that holds nothing', async () => {
      const res = await rawRequest(registry.url, '/v2/team/none/tags/list');
      assert.equal(res.status, 404);
      assert.equal(res.errorCode(), 'NAME_UNKNOWN');
    });
  });
}

describe('tag listing (embedded only)', () => {
  let registry: RunningRegistry;
  before(async () => {
    registry = await registryTargets()
      .find((t) => t.name === 'embedded')!
      .start();
    const image = buildImage({ random: 'tags' });
    for (const bytes of image.blobs.values()) await pushBlobRaw(registry.url, 'a', bytes);
    for (const tag of TAGS)
      await putManifestRaw(registry.url, 'a', tag, image.manifestBytes, MediaType.OciManifest);
  });
  after(() => registry.stop());

  it('pages with n and last, linking to the next page', async () => {
    // distribution 2.8 ignores n and last on tag lists (they arrived in 3.0), so this is ours only.
    const seen: string[] = [];
    let path: string | undefined = '/v2/a/tags/list?n=2';
    while (path !== undefined) {
      const res = await rawRequest(registry.url, path);
      assert.equal(res.status, 200);
      const page = res.json().tags as string[];
      assert.ok(page.length <= 2);
      seen.push(...page);
      const link = res.headers.link as string | undefined;
      path = link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)![1];
    }
    assert.deepEqual(seen, [...TAGS].sort());
  });

  it('refuses a page size that is not a number', async () => {
    for (const n of ['-1', 'abc', '1e3']) {
      const res = await rawRequest(registry.url, `/v2/a/tags/list?n=${n}`);
      assert.equal(res.status, 400, n);
      assert.equal(res.errorCode(), 'PAGINATION_NUMBER_INVALID', n);
    }
    const empty = await rawRequest(registry.url, '/v2/a/tags/list?n=0');
    assert.deepEqual(empty.json().tags, []);
  });
});
