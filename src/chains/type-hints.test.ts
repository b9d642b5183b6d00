import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { formatReference } from '../oci/reference/index.js';
import { readRun, type RunKind } from './run-object.js';
import { MAX_IMAGES_PER_RUN, declaredImages } from './type-hints.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

function run(results: Record<string, unknown>, kind: RunKind = 'TaskRun') {
  return readRun(
    {
      metadata: { namespace: 'ci', name: 'build', uid: 'u-1' },
      status: {
        conditions: [{ type: 'Succeeded', status: 'True' }],
        results: Object.entries(results).map(([name, value]) => ({ name, value })),
      },
    },
    kind,
  );
}
const images = (results: Record<string, unknown>, kind?: RunKind) =>
  declaredImages(run(results, kind)).map((i) => formatReference(i.reference));
const refusal = (results: Record<string, unknown>, message: RegExp) =>
  assert.throws(
    () => declaredImages(run(results)),
    (e: unknown) =>
      isSignetError(e) && e.code === 'CHAINS_RESULT_INVALID' && message.test(e.message),
  );

describe('Chains type hints', () => {
  it('reads IMAGE_URL and IMAGE_DIGEST, dropping the tag', () => {
    assert.deepEqual(images({ IMAGE_URL: 'reg.example/team/app:1.0', IMAGE_DIGEST: D1 }), [
      `reg.example/team/app@${D1}`,
    ]);
  });

  it('pairs prefixed *_IMAGE_URL and *_IMAGE_DIGEST results by their prefix', () => {
    assert.deepEqual(
      images({
        A_IMAGE_URL: 'reg.example/a',
        B_IMAGE_DIGEST: D2,
        A_IMAGE_DIGEST: D1,
        B_IMAGE_URL: 'reg.example/b',
      }),
      [`reg.example/a@${D1}`, `reg.example/b@${D2}`],
    );
  });

  it('splits IMAGES on commas and newlines and skips blanks', () => {
    assert.deepEqual(images({ IMAGES: `reg.example/a@${D1},\n reg.example/b@${D2}\n\n` }), [
      `reg.example/a@${D1}`,
      `reg.example/b@${D2}`,
    ]);
  });

  it('reads ARTIFACT_OUTPUTS and *_ARTIFACT_OUTPUTS objects of PipelineRuns', () => {
    assert.deepEqual(
      images(
        {
          ARTIFACT_OUTPUTS: { uri: 'reg.example/a', digest: D1 },
          img_ARTIFACT_OUTPUTS: { uri: 'reg.example/b', digest: D2, isBuildArtifact: 'true' },
        },
        'PipelineRun',
      ),
      [`reg.example/a@${D1}`, `reg.example/b@${D2}`],
    );
  });

  it('declares an image named twice once', () => {
    assert.deepEqual(
      images({ IMAGE_URL: 'reg.example/a', IMAGE_DIGEST: D1, IMAGES: `reg.example/a@${D1}` }),
      [`reg.example/a@${D1}`],
    );
  });

  it('finds nothing in runs without type hints', () => {
    assert.deepEqual(images({ commit: 'abc', url: 'https://example.com' }), []);
  });

  it('refuses a URL without its digest and a digest without its URL, naming the run', () => {
    refusal(
      { IMAGE_URL: 'reg.example/a' },
      /^TaskRun ci\/build: result IMAGE_URL has no IMAGE_DIGEST/,
    );
    refusal({ APP_IMAGE_DIGEST: D1 }, /result APP_IMAGE_DIGEST has no APP_IMAGE_URL/);
  });

  it('refuses empty and non-string hint values', () => {
    refusal({ IMAGE_URL: '', IMAGE_DIGEST: D1 }, /result IMAGE_URL must be a non-empty string/);
    refusal({ IMAGES: ['reg.example/a'] }, /result IMAGES must be a non-empty string/);
  });

  it('refuses malformed digests, other algorithms and invalid references', () => {
    refusal(
      { IMAGE_URL: 'reg.example/a', IMAGE_DIGEST: 'sha256:xyz' },
      /has an invalid digest "sha256:xyz"/,
    );
    refusal(
      { IMAGE_URL: 'reg.example/a', IMAGE_DIGEST: `sha512:${'a'.repeat(128)}` },
      /not sha256/,
    );
    refusal(
      { IMAGE_URL: 'Not A Ref', IMAGE_DIGEST: D1 },
      /has an invalid image reference "Not A Ref"/,
    );
    refusal(
      { IMAGES: 'reg.example/a:1.0' },
      /result IMAGES lists "reg.example\/a:1.0" without @sha256/,
    );
  });

  it('refuses a URL whose own digest contradicts IMAGE_DIGEST', () => {
    refusal(
      { IMAGE_URL: `reg.example/a@${D2}`, IMAGE_DIGEST: D1 },
      /names sha256:2+ in its URL but sha256:1+ as its digest/,
    );
  });

  it('refuses ARTIFACT_OUTPUTS without uri or digest', () => {
    refusal({ ARTIFACT_OUTPUTS: 'reg.example/a' }, /must be an object with a non-empty "uri"/);
    refusal({ ARTIFACT_OUTPUTS: { uri: 'reg.example/a' } }, /non-empty "digest"/);
  });

  it('refuses more images than a build makes', () => {
    const many = Array.from(
      { length: MAX_IMAGES_PER_RUN + 1 },
      (_, i) => `reg.example/a${i}@${D1}`,
    ).join(',');
    refusal({ IMAGES: many }, /declares 65 images, more than 64/);
  });
});
