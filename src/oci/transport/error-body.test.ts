import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorForResponse, parseDistributionErrors } from './error-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseDistributionErrors', () => {
  it('reads the distribution error envelope', () => {
    const body = bytes(
      '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known","detail":{"name":"x"}}]}',
    );
    assert.deepEqual(parseDistributionErrors(body), [
      { code: 'NAME_UNKNOWN', message: 'repository name not known' },
    ]);
  });

  it('returns nothing for other bodies', () => {
    for (const text of ['', '<html>oops</html>', 'null', '{"errors":"x"}', '[]']) {
      assert.deepEqual(parseDistributionErrors(bytes(text)), [], text);
    }
  });

  it('sanitises hostile codes and messages', () => {
    const body = bytes(
      JSON.stringify({ errors: [{ code: 5, message: `bad\u001b[2J${'x'.repeat(500)}` }] }),
    );
    const [first] = parseDistributionErrors(body);
    assert.equal(first?.code, 'UNKNOWN');
    assert.ok(!first?.message.includes('\u001b'));
    assert.ok((first?.message.length ?? 0) <= 201);
  });
});

describe('errorForResponse', () => {
  const base = {
    registry: 'reg.example',
    url: 'https://reg.example/v2/a/manifests/1',
    what: 'manifest reg.example/a:1',
    body: new Uint8Array(),
  };
  const cases: [number, string, string, boolean][] = [
    [401, '', 'REGISTRY_UNAUTHORIZED', false],
    [403, '', 'REGISTRY_UNAUTHORIZED', false],
    [404, '', 'REGISTRY_NOT_FOUND', false],
    [400, '{"errors":[{"code":"BLOB_UNKNOWN"}]}', 'REGISTRY_NOT_FOUND', false],
    [429, '', 'REGISTRY_RATE_LIMITED', true],
    [500, '', 'REGISTRY_UNAVAILABLE', true],
    [503, '', 'REGISTRY_UNAVAILABLE', true],
    [400, '{"errors":[{"code":"MANIFEST_INVALID"}]}', 'REGISTRY_REJECTED', false],
    [405, '', 'REGISTRY_REJECTED', false],
  ];
  for (const [status, body, code, temporary] of cases) {
    it(`maps HTTP ${status} ${body} to ${code}`, () => {
      const err = errorForResponse({ ...base, status, body: bytes(body) });
      assert.equal(err.code, code);
      assert.equal(err.temporary, temporary);
      assert.equal(err.details.status, status);
      assert.match(err.message, /reg\.example/);
    });
  }
});
