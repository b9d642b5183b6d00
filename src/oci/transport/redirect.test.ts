import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REDIRECTS, isRedirect, redirectTarget } from './redirect.js';

const policy = {
  registry: 'registry.example',
  plainHttpAllowed: (host: string) => host === 'insecure.example',
};
const from = new URL('https://registry.example/v2/app/blobs/sha256:1');

describe('isRedirect', () => {
  it('takes the five redirect statuses and nothing else', () => {
    for (const status of [301, 302, 303, 307, 308]) assert.ok(isRedirect(status), String(status));
    for (const status of [200, 300, 304, 305, 400]) assert.ok(!isRedirect(status), String(status));
  });
});

describe('redirectTarget', () => {
  it('follows a redirect to storage on another host, and a relative Location on this one', () => {
    const storage = 'https://storage.example/blob?X-Amz-Signature=s';
    assert.equal(redirectTarget(from, storage, 1, policy).toString(), storage);
    assert.equal(
      redirectTarget(from, '/v2/app/blobs/moved', 1, policy).toString(),
      'https://registry.example/v2/app/blobs/moved',
    );
  });

  it('goes from https to plain HTTP only for a host allowed plain HTTP', () => {
    assert.equal(
      redirectTarget(from, 'http://insecure.example/blob', 1, policy).host,
      'insecure.example',
    );
    assert.throws(() => redirectTarget(from, 'http://storage.example/blob', 1, policy), {
      code: 'REGISTRY_PROTOCOL',
      message: /unsafe redirect to http:\/\/storage\.example\/blob/,
    });
  });

  it('refuses a scheme other than HTTP(S) and a Location that is no URL', () => {
    for (const location of ['file:///etc/passwd', 'ftp://storage.example/blob', 'http://[::1']) {
      assert.throws(() => redirectTarget(from, location, 1, policy), {
        code: 'REGISTRY_PROTOCOL',
        message: /unsafe redirect/,
      });
    }
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, () => {
    const next = 'https://storage.example/blob';
    assert.equal(redirectTarget(from, next, MAX_REDIRECTS, policy).toString(), next);
    assert.throws(() => redirectTarget(from, next, MAX_REDIRECTS + 1, policy), {
      code: 'REGISTRY_PROTOCOL',
      message: new RegExp(`more than ${MAX_REDIRECTS} redirects`),
    });
  });

  it('keeps secrets of the redirect target out of the message', () => {
    assert.throws(
      () => redirectTarget(from, 'ftp://user:hunter2@storage.example/blob?sig=abc', 1, policy),
      (error: Error) => !error.message.includes('hunter2') && !error.message.includes('abc'),
    );
  });
});
