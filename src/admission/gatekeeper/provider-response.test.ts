import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageJudgement } from '../decide/index.js';
import { MAX_ANSWER_BYTES } from '../review/index.js';
import { providerResponse, providerSystemError } from './provider-response.js';

const V1BETA1 = 'externaldata.gatekeeper.sh/v1beta1';
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('Gatekeeper provider responses', () => {
  it('answers one item per key and sets error only when the image could not be judged', () => {
    const response = providerResponse(
      V1BETA1,
      ['ok', 'bad', 'down'],
      [
        {
          image: 'ok',
          digest: 'sha256:1',
          allowed: true,
          denials: [],
          warnings: [],
          matchedPolicies: ['p'],
          source: 'verified',
        },
        {
          image: 'bad',
          allowed: false,
          denials: ['not signed'],
          warnings: [],
          matchedPolicies: ['p'],
          source: 'verified',
        },
        {
          image: 'down',
          allowed: false,
          denials: ['unreachable'],
          warnings: [],
          matchedPolicies: [],
          source: 'unresolved',
        },
      ],
    );
    assert.equal(response.kind, 'ProviderResponse');
    assert.equal(response.response.idempotent, true);
    const [ok, bad, down] = response.response.items;
    assert.deepEqual(ok, {
      key: 'ok',
      value: {
        isSuccess: true,
        image: 'ok',
        digest: 'sha256:1',
        matchedPolicies: ['p'],
        denials: [],
        warnings: [],
      },
    });
    assert.equal(bad!.error, undefined);
    assert.equal((bad!.value as { isSuccess: boolean }).isSuccess, false);
    assert.equal(down!.error, 'unreachable');
  });

  /** A denied judgement whose every message is long, as a hostile registry could make it. */
  const verbose = (image: string): ImageJudgement => ({
    image,
    allowed: false,
    denials: Array.from({ length: 50 }, () => `denied: ${'d'.repeat(2000)}`),
    warnings: Array.from({ length: 50 }, () => `warning: ${'w'.repeat(2000)}`),
    matchedPolicies: Array.from({ length: 50 }, (_, i) => `policy-${i}-${'p'.repeat(200)}`),
    source: 'unresolved',
  });

  it('keeps the answer for the most keys under 64 KiB, every key still answered and denied', () => {
    const keys = Array.from(
      { length: 256 },
      (_, i) => `registry.example/app-${i}:${'t'.repeat(50)}`,
    );
    const response = providerResponse(V1BETA1, keys, keys.map(verbose));
    assert.ok(size(response) < MAX_ANSWER_BYTES, `answer of ${size(response)} bytes`);
    assert.equal(response.response.systemError, undefined);
    assert.deepEqual(
      response.response.items.map((i) => i.key),
      keys,
    );
    for (const item of response.response.items) {
      assert.equal((item.value as { isSuccess: boolean }).isSuccess, false);
      assert.match(item.error!, /^denied: d+/);
    }
  });

  it('lists at most five messages per item, cut, and counts the rest', () => {
    const response = providerResponse(V1BETA1, ['one'], [verbose('one')]);
    const value = response.response.items[0]!.value as { denials: string[] };
    assert.equal(value.denials.length, 6);
    assert.equal(value.denials[5], 'and 45 more');
    assert.ok(size(response) < MAX_ANSWER_BYTES);
  });

  it('answers with a systemError when even the shortest items cannot fit', () => {
    // Control characters are escaped as six bytes each in JSON.
    const keys = Array.from({ length: 256 }, (_, i) => `${i}${'\u0001'.repeat(60)}`);
    const response = providerResponse(V1BETA1, keys, keys.map(verbose));
    assert.deepEqual(response.response.items, []);
    assert.match(response.response.systemError!, /would exceed 65536 bytes/);
  });

  it('cuts a systemError message', () => {
    const response = providerSystemError(V1BETA1, 'e'.repeat(100_000));
    assert.ok(response.response.systemError!.length <= 1024);
  });
});
