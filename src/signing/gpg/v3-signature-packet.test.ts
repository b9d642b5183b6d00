import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PacketFormatError } from './packets.js';
import { readV3SignaturePacket } from './v3-signature-packet.js';

const CREATED = 1_753_303_215; // 2025-07-23T20:40:15Z
const KEY_ID = [0xd7, 0x5b, 0x31, 0x09, 0xb3, 0xba, 0xae, 0xaf];

/** A v3 signature body (RFC 4880 §5.2.2) with the given MPI bytes (headers included). */
function body(options: { version?: number; hashed?: number; mpis?: number[] } = {}) {
  const created = [CREATED >>> 24, (CREATED >>> 16) & 255, (CREATED >>> 8) & 255, CREATED & 255];
  return new Uint8Array([
    options.version ?? 3,
    options.hashed ?? 5,
    0x00,
    ...created,
    ...KEY_ID,
    1, // RSA
    8, // SHA-256
    0xec,
    0xd3,
    ...(options.mpis ?? [0x00, 0x0b, 0x05, 0x55]), // an 11-bit MPI in 2 bytes
  ]);
}

describe('readV3SignaturePacket', () => {
  it('reads every field of a v3 signature and the five hashed bytes', () => {
    const packet = readV3SignaturePacket(body());
    assert.equal(packet.signatureType, 0);
    assert.equal(packet.created.toISOString(), '2025-07-23T20:40:15.000Z');
    assert.deepEqual([...packet.hashedTrailer], [0x00, 0x68, 0x81, 0x48, 0xaf]);
    assert.equal(packet.issuerKeyID, 'd75b3109b3baaeaf');
    assert.equal(packet.publicKeyAlgorithm, 1);
    assert.equal(packet.hashAlgorithm, 8);
    assert.deepEqual([...packet.hashPrefix], [0xec, 0xd3]);
    assert.deepEqual(
      packet.mpis.map((mpi) => [...mpi]),
      [[0x05, 0x55]],
    );
  });

  it('reads two MPIs, as a DSA signature has', () => {
    const packet = readV3SignaturePacket(body({ mpis: [0, 8, 1, 0, 8, 2] }));
    assert.deepEqual(
      packet.mpis.map((mpi) => [...mpi]),
      [[1], [2]],
    );
  });

  const refused: [what: string, input: Uint8Array, problem: RegExp][] = [
    ['a version 4 packet', body({ version: 4 }), /version 4, expected 3/],
    ['a hashed length other than 5', body({ hashed: 6 }), /declares 6 hashed bytes, not 5/],
    ['a body cut before its signature value', body().subarray(0, 12), /truncated/],
    ['an empty body', new Uint8Array(0), /truncated/],
    ['no signature value', body({ mpis: [] }), /no signature value/],
    ['an MPI header cut in half', body({ mpis: [0x00] }), /truncated/],
    [
      'an MPI claiming more bytes than remain',
      body({ mpis: [0xff, 0xff, 1, 2, 3] }),
      /claims 8192 bytes but only 3 remain/,
    ],
    ['three MPIs', body({ mpis: [0, 8, 1, 0, 8, 2, 0, 8, 3] }), /more than 2 MPIs/],
  ];
  for (const [what, input, problem] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => readV3SignaturePacket(input),
        (error: Error) => error instanceof PacketFormatError && problem.test(error.message),
      );
    });
  }
});
