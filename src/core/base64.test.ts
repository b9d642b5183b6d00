import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64, decodeBase64Url, encodeBase64, encodeBase64Url } from './base64.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decodeBase64', () => {
  it('decodes padded standard base64', () => {
    assert.deepEqual(decodeBase64('aGVsbG8=', 'value'), bytes('hello'));
    assert.deepEqual(decodeBase64('', 'value'), new Uint8Array());
  });

  it('ignores line breaks as Go base64.StdEncoding does (wrapped cosign signatures)', () => {
    assert.deepEqual(decodeBase64('aGVs\nbG8h\r\n', 'value'), bytes('hell' + 'o!'));
  });

  it('rejects line breaks when asked to', () => {
    assert.throws(() => decodeBase64('aGVs\nbG8h', 'value', { ignoreLineBreaks: false }), {
      code: 'BASE64_INVALID',
    });
  });

  const bad: [string, string][] = [
    ['a character outside the alphabet', 'aGVs*G8h'],
    ['a url-safe character', 'aGV-bG8h'],
    ['missing padding', 'aGVsbG8'],
    ['excess padding', 'aGVsbG8=='],
    ['padding in the middle', 'aG==bG8h'],
    ['a space', 'aGVs bG8h'],
    ['a truncated quantum', 'aGVsb'],
  ];
  for (const [name, text] of bad) {
    it(`rejects ${name} and names the value without echoing it`, () => {
      assert.throws(
        () => decodeBase64(text, 'signature annotation'),
        (error: Error & { code?: string }) =>
          error.code === 'BASE64_INVALID' &&
          error.message.includes('signature annotation') &&
          !error.message.includes(text),
      );
    });
  }
});

describe('decodeBase64Url', () => {
  it('decodes unpadded and padded url-safe text', () => {
    assert.deepEqual(decodeBase64Url('-_8', 'v'), new Uint8Array([0xfb, 0xff]));
    assert.deepEqual(decodeBase64Url('-_8=', 'v'), new Uint8Array([0xfb, 0xff]));
  });

  it('rejects the standard alphabet and stray characters', () => {
    for (const text of ['+/8', 'ab$c', 'a']) {
      assert.throws(() => decodeBase64Url(text, 'v'), { code: 'BASE64_INVALID' });
    }
  });
});

describe('encodeBase64', () => {
  it('round-trips through both alphabets, including a subarray view', () => {
    const data = new Uint8Array([0, 251, 255, 1, 2, 3, 4]).subarray(1);
    assert.equal(encodeBase64(data), '+/8BAgME');
    assert.equal(encodeBase64Url(data), '-_8BAgME');
    assert.deepEqual(decodeBase64(encodeBase64(data), 'v'), data);
    assert.deepEqual(decodeBase64Url(encodeBase64Url(data), 'v'), data);
  });
});
