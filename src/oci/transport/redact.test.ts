import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl, sanitizeServerText } from './redact.js';

describe('redactUrl', () => {
  const cases: [string, string][] = [
    ['https://user:secret@reg.example/v2/', 'https://redacted@reg.example/v2/'],
    [
      'https://s3.example/blob?X-Amz-Signature=abc&X-Amz-Credential=k',
      'https://s3.example/blob?X-Amz-Signature=redacted&X-Amz-Credential=redacted',
    ],
    [
      'https://reg.example/token?access_token=tok&service=reg',
      'https://reg.example/token?access_token=redacted&service=reg',
    ],
    [
      'https://reg.example/v2/app/tags/list?n=2&last=b',
      'https://reg.example/v2/app/tags/list?n=2&last=b',
    ],
    [
      'https://reg.example/v2/app/blobs/uploads/x?_state=s1&digest=sha256:1',
      'https://reg.example/v2/app/blobs/uploads/x?_state=redacted&digest=sha256%3A1',
    ],
    ['https://reg.example/a#frag', 'https://reg.example/a'],
    ['not a url', '[unparseable url]'],
  ];
  for (const [input, expected] of cases) {
    it(`redacts ${input}`, () => {
      const out = redactUrl(input);
      assert.equal(out, expected);
      for (const secret of ['secret', 'abc', 'tok', 's1']) {
        assert.ok(!out.includes(`=${secret}`) && !out.includes(`:${secret}@`), out);
      }
    });
  }
});

describe('sanitizeServerText', () => {
  it('removes control characters and truncates', () => {
    assert.equal(sanitizeServerText('bad\u001b[31m red\r\nline'), 'bad [31m red line');
    assert.equal(sanitizeServerText('x'.repeat(300)).length, 201);
  });
});
