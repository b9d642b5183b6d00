import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  admissionReviewResponse,
  denialMessage,
  MAX_ANSWER_BYTES,
  MAX_MESSAGE_CHARS,
} from './response.js';

describe('admissionReviewResponse', () => {
  it('echoes the uid and allows without a status', () => {
    const review = admissionReviewResponse('uid-1', { allowed: true });
    assert.deepEqual(review, {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'uid-1', allowed: true },
    });
  });

  it('denies with a 403 status carrying the message', () => {
    const { response } = admissionReviewResponse('u', {
      allowed: false,
      message: 'image x is not allowed',
    });
    assert.equal(response.allowed, false);
    assert.deepEqual(response.status, {
      code: 403,
      reason: 'Forbidden',
      message: 'image x is not allowed',
    });
  });

  it('encodes a JSON patch in base64 and names its type', () => {
    const patch = [
      { op: 'replace' as const, path: '/spec/containers/0/image', value: 'a@sha256:00' },
    ];
    const { response } = admissionReviewResponse('u', { allowed: true, patch });
    assert.equal(response.patchType, 'JSONPatch');
    assert.deepEqual(JSON.parse(Buffer.from(response.patch!, 'base64').toString()), patch);
  });

  it('leaves out an empty patch', () => {
    const { response } = admissionReviewResponse('u', { allowed: true, patch: [] });
    assert.equal(response.patch, undefined);
    assert.equal(response.patchType, undefined);
  });

  it('bounds the warnings and says how many were left out', () => {
    const warnings = Array.from({ length: 50 }, (_, i) => `warning ${i}`);
    const { response } = admissionReviewResponse('u', { allowed: true, warnings });
    assert.equal(response.warnings!.length, 21);
    assert.match(response.warnings!.at(-1)!, /^30 more warnings not shown/);
  });

  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

  it('cuts a huge denial message to its budget and keeps the denial', () => {
    const review = admissionReviewResponse('u', { allowed: false, message: 'm'.repeat(5_000_000) });
    assert.equal(review.response.allowed, false);
    assert.equal(review.response.status!.message.length, MAX_MESSAGE_CHARS);
    assert.ok(size(review) < MAX_ANSWER_BYTES);
  });

  it('cuts a single overlong warning instead of dropping every warning', () => {
    const { response } = admissionReviewResponse('u', {
      allowed: true,
      warnings: ['w'.repeat(100_000), 'short'],
    });
    assert.equal(response.warnings!.length, 2);
    assert.match(response.warnings![0]!, /more characters\)$/);
    assert.equal(response.warnings![1], 'short');
  });

  it('pins as many images as the patch budget allows and warns about the rest', () => {
    const patch = Array.from({ length: 128 }, (_, i) => ({
      op: 'replace' as const,
      path: `/spec/containers/${i}/image`,
      value: `registry.example/${'n'.repeat(900)}@sha256:${'0'.repeat(64)}`,
    }));
    const review = admissionReviewResponse('u', { allowed: true, patch });
    const kept = JSON.parse(Buffer.from(review.response.patch!, 'base64').toString()) as unknown[];
    assert.ok(kept.length > 0 && kept.length < 128);
    assert.deepEqual(kept[0], patch[0]);
    assert.match(
      review.response.warnings!.at(-1)!,
      new RegExp(`^${128 - kept.length} digest pins left out`),
    );
    assert.ok(size(review) < MAX_ANSWER_BYTES);
  });

  it('falls back to a compact denial when escaped text would exceed the answer budget', () => {
    // Control characters are escaped as \u0000 in JSON: six bytes each.
    const review = admissionReviewResponse('u', {
      allowed: false,
      message: '\u0001'.repeat(20_000),
      warnings: Array.from({ length: 20 }, () => '\u0002'.repeat(200)),
    });
    assert.equal(review.response.allowed, false);
    assert.ok(size(review) < MAX_ANSWER_BYTES, `answer of ${size(review)} bytes`);
    assert.match(review.response.warnings![0]!, /left out: the answer would exceed/);
  });
});

describe('denialMessage', () => {
  it('lists one line per denial under a heading', () => {
    assert.equal(denialMessage(['a: no', 'b: no']), 'Signet denied the request:\na: no\nb: no');
  });

  it('counts the denials past its budget', () => {
    const lines = Array.from(
      { length: 128 },
      (_, i) => `spec.containers[${i}].image: ${'x'.repeat(1000)}`,
    );
    const message = denialMessage(lines);
    assert.ok(message.length <= MAX_MESSAGE_CHARS);
    assert.match(message, /\nand \d+ more denials; see the Signet decision records$/);
  });
});
