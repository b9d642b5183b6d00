/**
 * The packets of a signed message with a v3 signature (RFC 4880 §11.3), read with Signet's
 * own packet reader because openpgp.js 6 cannot. Only the shapes GnuPG writes for one signer
 * are accepted, optionally inside one compressed packet (gpg's default):
 *
 *   one-pass signature, literal data, signature   (gpg --sign)
 *   signature, literal data                       (older writers; §11.3 allows it)
 *
 * Anything else (no signature, several, nested compression, trailing packets) is refused.
 */
import {
  decompress,
  eachPacket,
  PacketFormatError,
  PacketTag,
  readPackets,
  readUnsigned,
} from './packets.js';
import type { Packet } from './packets.js';
import { readV3SignaturePacket, type V3SignaturePacket } from './v3-signature-packet.js';

export interface V3SignedMessage {
  /** The literal data packet's content: exactly the bytes the signature covers. */
  readonly content: Uint8Array;
  readonly signature: V3SignaturePacket;
}

export interface V3MessageLimits {
  /** Cap on what a compressed packet may expand to. */
  readonly maxDecompressedBytes: number;
}

/** The two packet orders accepted, as tag lists. */
const ONE_PASS_SHAPE = [
  PacketTag.OnePassSignature,
  PacketTag.LiteralData,
  PacketTag.Signature,
].join();
const SIGNATURE_FIRST_SHAPE = [PacketTag.Signature, PacketTag.LiteralData].join();

export function readV3SignedMessage(bytes: Uint8Array, limits: V3MessageLimits): V3SignedMessage {
  let packets = readPackets(bytes);
  if (packets.length === 1 && packets[0]!.tag === PacketTag.CompressedData) {
    packets = readPackets(decompress(packets[0]!.body, limits.maxDecompressedBytes));
  }
  const tags = packets.map((packet) => packet.tag);
  if (tags.includes(PacketTag.CompressedData)) {
    throw new PacketFormatError('compressed data that is nested or not the only packet');
  }
  const signatures = tags.filter((tag) => tag === PacketTag.Signature).length;
  if (signatures === 0) throw new PacketFormatError('no signature packet');
  // gpgme reports one result per signature; containers/image accepts exactly one.
  if (signatures > 1) {
    throw new PacketFormatError(`${signatures} signatures; simple signing has exactly one`);
  }
  const [first, second, third] = packets;
  const shape = tags.join();
  if (shape === ONE_PASS_SHAPE) {
    const signature = readV3SignaturePacket(third!.body);
    checkOnePass(first!, signature);
    return { content: literalContent(second!), signature };
  }
  if (shape === SIGNATURE_FIRST_SHAPE) {
    return { content: literalContent(second!), signature: readV3SignaturePacket(first!.body) };
  }
  throw new PacketFormatError(
    `packets with tags [${tags.join(', ')}] instead of one-pass signature, literal data, signature`,
  );
}

/**
 * Whether the first signature packet of `bytes` (inside gpg's one compressed packet, if
 * any) is version 3 (§5.2.2: its first byte), which decides who verifies the message:
 * Signet's reader, or openpgp.js 6, which refuses v3 packets. The packets are read in order
 * up to that one, where openpgp.js would stop too; anything unreadable before it, or no
 * signature at all, leaves the message to openpgp.js and its errors. The bytes are untrusted.
 */
export function hasV3Signature(bytes: Uint8Array, limits: V3MessageLimits): boolean {
  try {
    return firstSignatureVersion(bytes, limits, false) === 3;
  } catch (error) {
    if (error instanceof PacketFormatError) return false;
    throw error;
  }
}

function firstSignatureVersion(
  bytes: Uint8Array,
  limits: V3MessageLimits,
  nested: boolean,
): number | undefined {
  for (const packet of eachPacket(bytes)) {
    if (packet.tag === PacketTag.Signature) return packet.body[0];
    // One level, as gpg writes; a compressed packet inside it is refused by either reader.
    if (packet.tag === PacketTag.CompressedData) {
      return nested
        ? undefined
        : firstSignatureVersion(decompress(packet.body, limits.maxDecompressedBytes), limits, true);
    }
  }
  return undefined;
}

/** §5.9: format, file name (length-prefixed), 4-byte date, then the data itself. */
function literalContent(packet: Packet): Uint8Array {
  const nameLength = readUnsigned(packet.body, 1, 1);
  const start = 2 + nameLength + 4;
  if (start > packet.body.length) {
    throw new PacketFormatError('a truncated literal data packet');
  }
  return packet.body.subarray(start);
}

/**
 * §5.4: the one-pass packet announces the signature that follows the data. A streaming
 * verifier hashes with the algorithm it names, so it must agree with the signature itself.
 */
function checkOnePass(packet: Packet, signature: V3SignaturePacket): void {
  const body = packet.body;
  if (body.length !== 13 || body[0] !== 3) {
    throw new PacketFormatError('a one-pass signature packet that is not 13 bytes of version 3');
  }
  const announced = {
    signatureType: body[1],
    hashAlgorithm: body[2],
    publicKeyAlgorithm: body[3],
    issuerKeyID: Buffer.from(body.subarray(4, 12)).toString('hex'),
  };
  for (const [field, value] of Object.entries(announced)) {
    if (signature[field as keyof typeof announced] !== value) {
      throw new PacketFormatError(
        `a one-pass signature packet that disagrees with the signature on ${field}`,
      );
    }
  }
}
