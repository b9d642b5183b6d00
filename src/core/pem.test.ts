import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodePem, parsePemBlock, parsePemBlocks } from './pem.js';

const der = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));

describe('encodePem', () => {
  it('wraps the body at 64 columns and ends with a newline', () => {
    const pem = encodePem('PUBLIC KEY', der);
    const lines = pem.trimEnd().split('\n');
    assert.equal(lines[0], '-----BEGIN PUBLIC KEY-----');
    assert.equal(lines.at(-1), '-----END PUBLIC KEY-----');
    assert.equal(lines[1]!.length, 64);
    assert.ok(pem.endsWith('-----\n'));
  });
});

describe('parsePemBlocks', () => {
  it('round-trips several blocks and ignores text between them', () => {
    const text = `# issuer: test\n${encodePem('CERTIFICATE', der)}\ncomment\r\n${encodePem('CERTIFICATE', der.subarray(3))}`;
    const blocks = parsePemBlocks(text, 'chain.pem');
    assert.equal(blocks.length, 2);
    assert.equal(blocks[0]!.type, 'CERTIFICATE');
    assert.deepEqual(blocks[0]!.der, der);
    assert.deepEqual(blocks[1]!.der, der.subarray(3));
  });

  const bad: [string, string, RegExp][] = [
    ['no block at all', 'just text', /no PEM block/],
    ['a block never ended', '-----BEGIN PUBLIC KEY-----\nAAAA\n', /never ended/],
    [
      'mismatched labels',
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
      /ended as/,
    ],
    ['an END without BEGIN', '-----END PUBLIC KEY-----\n', /never begun/],
    [
      'invalid base64 in the body',
      '-----BEGIN PUBLIC KEY-----\nAA*A\n-----END PUBLIC KEY-----\n',
      /not valid base64/,
    ],
    ['an empty body', '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n', /empty/],
    [
      'RFC 1421 headers',
      '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----\n',
      /headers/,
    ],
    [
      'a nested BEGIN',
      '-----BEGIN A-----\n-----BEGIN B-----\n-----END B-----\n-----END A-----\n',
      /inside block/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parsePemBlocks(text, 'key.pem'),
        (error: Error & { code?: string }) => {
          return (
            error.code === 'PEM_INVALID' &&
            message.test(error.message) &&
            error.message.includes('key.pem')
          );
        },
      );
    });
  }
});

describe('parsePemBlock', () => {
  it('returns the single block of an expected type', () => {
    assert.deepEqual(parsePemBlock(encodePem('PUBLIC KEY', der), ['PUBLIC KEY'], 'k').der, der);
  });

  it('rejects a block of another type, naming both', () => {
    assert.throws(
      () => parsePemBlock(encodePem('PRIVATE KEY', der), ['PUBLIC KEY'], 'cosign.pub'),
      {
        code: 'PEM_INVALID',
        message: /cosign\.pub holds a "PRIVATE KEY" PEM block; expected "PUBLIC KEY"/,
      },
    );
  });

  it('rejects two blocks where one is expected', () => {
    const two = encodePem('PUBLIC KEY', der) + encodePem('PUBLIC KEY', der);
    assert.throws(() => parsePemBlock(two, ['PUBLIC KEY'], 'k'), {
      code: 'PEM_INVALID',
      message: /2 PEM blocks/,
    });
  });
});
