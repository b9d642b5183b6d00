import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { admissionReviewResponse } from './response.js';

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
});
