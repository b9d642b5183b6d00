import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { PacketFormatError } from './packets.js';
import { hasV3Signature, readV3SignedMessage } from './v3-message.js';

const KEY_ID = [1, 2, 3, 4, 5, 6, 7, 8];
const CONTENT = [...new TextEncoder().encode('{"critical":{},"optional":{}}')];
const LIMITS = { maxDecompressedBytes: 4096 };

/** A new-format packet with a 5-byte length (RFC 4880 §4.2.2.3). */
const packet = (tag: number, body: number[]) => [
  0xc0 | tag,
  0xff,
  ...[24, 16, 8, 0].map((shift) => (body.length >>> shift) & 255),
  ...body,
];
const signature = (options: { keyID?: number[]; version?: number } = {}) =>
  packet(2, [
    ...[options.version ?? 3, 5, 0], // version, hashed length, binary-document type
    ...[0x68, 0x81, 0x48, 0xaf], // creation time
    ...(options.keyID ?? KEY_ID),
    ...[1, 8, 0xaa, 0xbb], // RSA, SHA-256, quick check
    ...[0, 8, 0x99], // one 8-bit MPI
  ]);
const onePass = (options: { keyID?: number[]; hash?: number; length?: number } = {}) =>
  packet(
    4,
    [3, 0, options.hash ?? 8, 1, ...(options.keyID ?? KEY_ID), 1].slice(0, options.length ?? 13),
  );
/** Literal data (§5.9): binary format, no file name, date 0, then the content. */
const literal = (content = CONTENT) => packet(11, [0x62, 0, 0, 0, 0, 0, ...content]);
const compressed = (inner: number[], algorithm = 1) => [
  0xa3, // old format, tag 8, indeterminate length: what gpg writes
  algorithm,
  ...(algorithm === 1 ? deflateRawSync(new Uint8Array(inner)) : deflateSync(new Uint8Array(inner))),
];
const read = (...parts: number[][]) => readV3SignedMessage(new Uint8Array(parts.flat()), LIMITS);
const GPG_ORDER = [...onePass(), ...literal(), ...signature()];

describe('readV3SignedMessage', () => {
  it('reads one-pass signature, literal data and signature, as gpg --sign writes them', () => {
    const message = read(GPG_ORDER);
    assert.deepEqual([...message.content], CONTENT);
    assert.equal(message.signature.issuerKeyID, '0102030405060708');
  });

  it('reads the same inside a ZIP or ZLIB compressed packet', () => {
    for (const algorithm of [1, 2]) {
      assert.deepEqual([...read(compressed(GPG_ORDER, algorithm)).content], CONTENT);
    }
  });

  it('reads a signature followed by the literal data, which RFC 4880 §11.3 allows', () => {
    assert.deepEqual([...read(signature(), literal()).content], CONTENT);
  });

  it('skips the literal file name and date: the signature covers the data only', () => {
    const named = packet(11, [0x62, 3, 0x61, 0x62, 0x63, 1, 2, 3, 4, ...CONTENT]);
    assert.deepEqual([...read(onePass(), named, signature()).content], CONTENT);
  });

  const refused: [what: string, parts: number[][], problem: RegExp][] = [
    ['literal data without a signature', [literal()], /no signature packet/],
    [
      'two signatures',
      [onePass(), literal(), signature(), signature()],
      /2 signatures; simple signing has exactly one/,
    ],
    ['nested compression', [compressed(compressed(GPG_ORDER))], /nested/],
    [
      'compressed data followed by another packet',
      [packet(8, [1, ...deflateRawSync(new Uint8Array(GPG_ORDER))]), literal()],
      /nested or not the only/,
    ],
    ['a packet after the signature', [GPG_ORDER, literal()], /tags \[4, 11, 2, 11\]/],
    [
      'a signature before a one-pass packet',
      [signature(), onePass(), literal()],
      /tags \[2, 4, 11\]/,
    ],
    [
      'a one-pass packet naming another key',
      [onePass({ keyID: [9, 9, 9, 9, 9, 9, 9, 9] }), literal(), signature()],
      /disagrees with the signature on issuerKeyID/,
    ],
    [
      'a one-pass packet naming another hash',
      [onePass({ hash: 2 }), literal(), signature()],
      /disagrees with the signature on hashAlgorithm/,
    ],
    ['a short one-pass packet', [onePass({ length: 12 }), literal(), signature()], /not 13 bytes/],
    [
      'a literal packet cut inside its header',
      [onePass(), packet(11, [0x62, 200, 0x61]), signature()],
      /truncated literal/,
    ],
    [
      'a v4 signature packet',
      [onePass(), literal(), signature({ version: 4 })],
      /version 4, expected 3/,
    ],
    [
      'compressed content beyond the cap',
      [compressed([...onePass(), ...literal(new Array<number>(8192).fill(32)), ...signature()])],
      /expands beyond 4096 bytes/,
    ],
  ];
  for (const [what, parts, problem] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => read(...parts),
        (error: Error) => error instanceof PacketFormatError && problem.test(error.message),
      );
    });
  }
});

describe('hasV3Signature', () => {
  const has = (...parts: number[][]) => hasV3Signature(new Uint8Array(parts.flat()), LIMITS);

  it('finds a v3 signature packet in either order, compressed or not', () => {
    assert.equal(has(GPG_ORDER), true);
    assert.equal(has(compressed(GPG_ORDER)), true);
    assert.equal(has(compressed(GPG_ORDER, 2)), true);
    assert.equal(has(signature(), literal()), true);
  });

  it('leaves v4 signatures and messages without a signature to openpgp.js', () => {
    assert.equal(has(onePass(), literal(), signature({ version: 4 })), false);
    assert.equal(has(compressed([...literal()])), false);
  });

  it('stops at the signature packet, leaving what follows to the v3 reader to refuse', () => {
    assert.equal(has(GPG_ORDER, [0x00, 0x01]), true);
    assert.throws(() => read(GPG_ORDER, [0x00, 0x01]), PacketFormatError);
  });

  it('leaves unreadable bytes, a corrupt or unsupported compression and nesting to openpgp.js', () => {
    assert.equal(has([0x00, 0x01, 0x02]), false);
    assert.equal(has([0xa3, 1, 0xff, 0xff, 0xff]), false);
    assert.equal(has([0xa3, 3, 0x42, 0x5a]), false);
    assert.equal(has(compressed(compressed(GPG_ORDER))), false);
  });
});
