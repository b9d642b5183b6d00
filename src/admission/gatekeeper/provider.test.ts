import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { imageOfKey, parseProviderRequest, providerResponse } from './provider.js';

const request = (keys: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
  kind: 'ProviderRequest',
  request: { keys },
  ...extra,
});

describe('Gatekeeper provider requests', () => {
  it('reads the keys of a ProviderRequest', () => {
    assert.deepEqual(parseProviderRequest(request(['a:1', 'b@sha256:00'])), {
      apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
      keys: ['a:1', 'b@sha256:00'],
    });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a body that is a list', [], /not a JSON object/],
    ['another apiVersion', request(['a'], { apiVersion: 'v1' }), /apiVersion/],
    ['another kind', request(['a'], { kind: 'Provider' }), /kind/],
    ['keys that are not a list', request('a'), /request\.keys must be a list/],
    ['a key that is a number', request(['a', 3]), /request\.keys\[1\]/],
    ['too many keys', request(Array.from({ length: 300 }, () => 'a')), /at most 256/],
  ];
  for (const [name, body, expected] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parseProviderRequest(body),
        (e: unknown) =>
          isSignetError(e) && e.code === 'ADMISSION_REVIEW_INVALID' && expected.test(e.message),
      );
    });
  }

  it('strips the namespace prefix of a Ratify-style key', () => {
    assert.equal(imageOfKey('[team]registry/app:1'), 'registry/app:1');
    assert.equal(imageOfKey('registry/app:1'), 'registry/app:1');
  });

  it('answers one item per key and sets error only when the image could not be judged', () => {
    const response = providerResponse(
      'externaldata.gatekeeper.sh/v1beta1',
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
});
