import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { decompress, MAX_PACKETS, PacketFormatError, readPackets } from './packets.js';

const bytes = (...parts: (number[] | Uint8Array)[]) =>
  new Uint8Array(parts.flatMap((part) => [...part]));
const filled = (length: number, value = 7) => new Uint8Array(length).fill(value);
const uint32 = (value: number) => [
  value >>> 24,
  (value >>> 16) & 255,
  (value >>> 8) & 255,
  value & 255,
];

describe('readPackets', () => {
  it('reads old-format packets with 1-, 2- and 4-byte lengths', () => {
    const input = bytes(
      [0x88, 3], // tag 2, 1-byte length
      filled(3),
      [0x91, 0x01, 0x00], // tag 4, 2-byte length 256
      filled(256),
      [0xae, ...uint32(70_000)], // tag 11, 4-byte length
      filled(70_000),
    );
    const packets = readPackets(input);
    assert.deepEqual(
      packets.map((packet) => [packet.tag, packet.body.length]),
      [
        [2, 3],
        [4, 256],
        [11, 70_000],
      ],
    );
  });

  it('reads an old-format packet of indeterminate length to the end, as gpg writes compressed data', () => {
    const [packet] = readPackets(bytes([0xa3], filled(40)));
    assert.equal(packet!.tag, 8);
    assert.equal(packet!.body.length, 40);
  });

  it('reads new-format packets with 1-, 2- and 5-byte lengths', () => {
    const input = bytes(
      [0xc2, 100],
      filled(100),
      [0xcb, 0xc3, 0x28], // (0xc3 - 192) * 256 + 0x28 + 192 = 1000
      filled(1000),
      [0xcb, 0xff, ...uint32(70_000)],
      filled(70_000),
    );
    assert.deepEqual(
      readPackets(input).map((packet) => [packet.tag, packet.body.length]),
      [
        [2, 100],
        [11, 1000],
        [11, 70_000],
      ],
    );
  });

  it('joins the partial body chunks of a literal data packet in order', () => {
    const input = bytes([0xcb, 0xe9], filled(512, 1), [0xe8], filled(256, 2), [10], filled(10, 3));
    const [packet] = readPackets(input);
    assert.equal(packet!.body.length, 778);
    assert.deepEqual(
      [packet!.body[0], packet!.body[511], packet!.body[512], packet!.body[777]],
      [1, 1, 2, 3],
    );
  });

  const refused: [what: string, input: Uint8Array, problem: RegExp][] = [
    ['a byte that is not a packet header', bytes([0x42, 1, 0]), /byte 0 is not an OpenPGP/],
    ['a header cut inside its length', bytes([0x89, 0x01]), /truncated/],
    ['an old-format length beyond the input', bytes([0x89, 0x01, 0x90], filled(10)), /claims 400/],
    [
      'a new-format 4-byte length of 4 GiB',
      bytes([0xc2, 0xff, 0xff, 0xff, 0xff, 0xff], filled(10)),
      /claims 4294967295 more bytes but only 10 remain/,
    ],
    ['a partial chunk beyond the input', bytes([0xcb, 0xfe], filled(512)), /claims 1073741824/],
    ['a partial body that never ends', bytes([0xcb, 0xe9], filled(512)), /truncated/],
    [
      'a partial body length on a signature packet',
      bytes([0xc2, 0xe9], filled(512), [0]),
      /tag 2 uses a partial body length/,
    ],
    [
      `more than ${MAX_PACKETS} packets`,
      bytes(...Array.from({ length: MAX_PACKETS + 1 }, () => [0xc2, 0])),
      /more than 8 packets/,
    ],
  ];
  for (const [what, input, problem] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => readPackets(input),
        (error: Error) => {
          assert.ok(error instanceof PacketFormatError);
          assert.equal(error.unsupported, false);
          assert.match(error.message, problem);
          return true;
        },
      );
    });
  }
});

describe('decompress', () => {
  const content = new TextEncoder().encode('{"critical":{}}'.repeat(20));

  it('reads uncompressed, ZIP (raw deflate) and ZLIB content', () => {
    for (const body of [
      bytes([0], content),
      bytes([1], deflateRawSync(content)),
      bytes([2], deflateSync(content)),
    ]) {
      assert.deepEqual(decompress(body, 1024), content);
    }
  });

  it('stops a compression bomb at the cap, for every algorithm', () => {
    const large = new Uint8Array(1024 * 1024);
    for (const body of [
      bytes([0], filled(1025)),
      bytes([1], deflateRawSync(large)),
      bytes([2], deflateSync(large)),
    ]) {
      assert.throws(() => decompress(body, 1024), /expands beyond 1024 bytes/);
    }
  });

  it('refuses corrupt and empty compressed data as malformed', () => {
    for (const body of [
      bytes([1, 0xff, 0xff, 0xff]),
      bytes([2], deflateSync(content).subarray(0, 8)),
      bytes([]),
    ]) {
      assert.throws(
        () => decompress(body, 1024),
        (error: Error) => error instanceof PacketFormatError && !error.unsupported,
      );
    }
  });

  it('reports BZip2 and unknown algorithms as unsupported, not malformed', () => {
    for (const algorithm of [3, 99]) {
      assert.throws(
        () => decompress(bytes([algorithm], content), 1024),
        (error: Error) =>
          error instanceof PacketFormatError &&
          error.unsupported &&
          error.message.startsWith(`compression algorithm ${algorithm}`),
      );
    }
  });
});
