import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { parseAdmissionReview } from './parse-review.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  spec: { containers: [{ name: 'a', image: 'nginx' }] },
};

function review(request: Record<string, unknown>, top: Record<string, unknown> = {}) {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      namespace: 'team',
      operation: 'CREATE',
      object: pod,
      ...request,
    },
    ...top,
  };
}

function problemOf(body: unknown): string {
  try {
    parseAdmissionReview(body);
  } catch (error) {
    assert.ok(isSignetError(error));
    assert.equal(error.code, 'ADMISSION_REVIEW_INVALID');
    return error.message;
  }
  assert.fail('expected the review to be rejected');
}

describe('parseAdmissionReview', () => {
  it('reads a Pod CREATE review with its core group left empty', () => {
    const parsed = parseAdmissionReview(review({}));
    assert.equal(parsed.request.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
    assert.deepEqual(parsed.request.kind, { group: '', version: 'v1', kind: 'Pod' });
    assert.equal(parsed.request.namespace, 'team');
    assert.equal(parsed.request.operation, 'CREATE');
    assert.deepEqual(parsed.request.object, pod);
  });

  it('accepts a DELETE without an object', () => {
    const parsed = parseAdmissionReview(review({ operation: 'DELETE', object: null }));
    assert.equal(parsed.request.object, undefined);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a body that is not an object', [1, 2], /not a JSON object/],
    [
      'the v1beta1 apiVersion',
      review({}, { apiVersion: 'admission.k8s.io/v1beta1' }),
      /admissionReviewVersions/,
    ],
    ['another kind', review({}, { kind: 'Pod' }), /kind is "Pod"/],
    [
      'a missing request',
      { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' },
      /request is missing/,
    ],
    ['a missing uid', review({ uid: undefined }), /request\.uid/],
    ['a numeric uid', review({ uid: 7 }), /request\.uid/],
    ['an overlong uid', review({ uid: 'u'.repeat(500) }), /longer than 128/],
    ['a kind without version', review({ kind: { kind: 'Pod' } }), /request\.kind\.version/],
    ['a missing resource', review({ resource: undefined }), /request\.resource is missing/],
    ['an unknown operation', review({ operation: 'PATCH' }), /request\.operation is "PATCH"/],
    [
      'a CREATE without object',
      review({ object: undefined }),
      /request\.object must be an object for CREATE/,
    ],
    [
      'an object that is a string',
      review({ operation: 'DELETE', object: 'x' }),
      /request\.object is not an object/,
    ],
    [
      'a namespace that is a number',
      review({ namespace: 3 }),
      /request\.namespace is not a string/,
    ],
    ['a dryRun that is a string', review({ dryRun: 'yes' }), /dryRun/],
  ];
  for (const [name, body, expected] of bad) {
    it(`rejects ${name} with a message naming the field`, () => {
      assert.match(problemOf(body), expected);
    });
  }

  it('lists every problem at once', () => {
    const message = problemOf(review({ uid: '', operation: 'NOPE' }, { kind: 'X' }));
    assert.match(message, /kind is "X"/);
    assert.match(message, /request\.uid/);
    assert.match(message, /request\.operation/);
  });

  it('names a deeply nested apiVersion, kind or operation without serialising it', () => {
    let deep: unknown = 'v1';
    for (let i = 0; i < 50_000; i += 1) deep = { a: deep };
    const message = problemOf(review({ operation: deep }, { apiVersion: deep, kind: [deep] }));
    assert.match(message, /apiVersion is an object/);
    assert.match(message, /kind is a list/);
    assert.match(message, /request\.operation is an object/);
  });

  it('quotes at most the start of an overlong value', () => {
    const message = problemOf(review({}, { kind: 'K'.repeat(1_000_000) }));
    assert.ok(message.length < 1000, `message of ${message.length} characters`);
    assert.match(message, /kind is "K{60}"… \(1000000 characters\)/);
  });
});
