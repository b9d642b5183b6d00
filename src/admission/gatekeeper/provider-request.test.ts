import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import {
  imageOfKey,
  MAX_PROVIDER_KEY_CHARS_TOTAL,
  MAX_PROVIDER_KEYS,
  parseProviderRequest,
} from './provider-request.js';

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
      keys: [{ key: 'a:1' }, { key: 'b@sha256:00' }],
    });
  });

  const notProviderRequests: Array<[string, unknown, RegExp]> = [
    ['a body that is a list', [], /not a JSON object/],
    ['another apiVersion', request(['a'], { apiVersion: 'v1' }), /apiVersion/],
    ['another kind', request(['a'], { kind: 'Provider' }), /kind/],
  ];
  for (const [name, body, expected] of notProviderRequests) {
    it(`refuses ${name} as a malformed request (HTTP 400)`, () => {
      assert.throws(
        () => parseProviderRequest(body),
        (e: unknown) =>
          isSignetError(e) && e.code === 'ADMISSION_REVIEW_INVALID' && expected.test(e.message),
      );
    });
  }

  const systemErrors: Array<[string, unknown, RegExp]> = [
    ['keys that are not a list', request('a'), /request\.keys must be a list/],
    ['a key that is a number', request(['a', 3]), /request\.keys\[1\] is not a string/],
    [
      'more keys than one request may hold',
      request(Array.from({ length: MAX_PROVIDER_KEYS + 1 }, () => 'a')),
      new RegExp(`has ${MAX_PROVIDER_KEYS + 1} entries; at most ${MAX_PROVIDER_KEYS}`),
    ],
    [
      'keys holding more text than an answer can echo',
      request(Array.from({ length: 20 }, () => 'r/'.repeat(500))),
      new RegExp(`hold 20000 characters; at most ${MAX_PROVIDER_KEY_CHARS_TOTAL}`),
    ],
  ];
  for (const [name, body, expected] of systemErrors) {
    it(`answers ${name} with a systemError`, () => {
      const parsed = parseProviderRequest(body);
      assert.ok('systemError' in parsed);
      assert.match(parsed.systemError, expected);
    });
  }

  it('answers 900,000 keys with a short systemError without reading them', () => {
    const parsed = parseProviderRequest(request(new Array<number>(900_000).fill(1)));
    assert.ok('systemError' in parsed);
    assert.ok(parsed.systemError.length < 200);
  });

  it('counts only the first ten non-string keys in the systemError', () => {
    const parsed = parseProviderRequest(request(new Array<number>(200).fill(7)));
    assert.ok('systemError' in parsed);
    assert.match(parsed.systemError, /request\.keys\[9\] is not a string; and 190 more problems$/);
  });

  it('marks an empty or overlong key as no image, keeping the other keys', () => {
    const parsed = parseProviderRequest(request(['ok:1', '', 'x'.repeat(2000)]));
    assert.ok('keys' in parsed);
    assert.deepEqual(parsed.keys[0], { key: 'ok:1' });
    assert.match(parsed.keys[1]!.problem!, /request\.keys\[1\] is empty/);
    assert.match(parsed.keys[2]!.problem!, /has 2000 characters/);
  });

  it('strips the namespace prefix of a Ratify-style key', () => {
    assert.equal(imageOfKey('[team]registry/app:1'), 'registry/app:1');
    assert.equal(imageOfKey('registry/app:1'), 'registry/app:1');
  });
});
