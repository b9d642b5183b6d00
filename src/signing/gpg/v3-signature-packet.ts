/**
 * The body of a version 3 signature packet (RFC 4880 §5.2.2), as GnuPG wrote it before 2.1
 * and as containers/image's `*.signature-v3` fixtures hold. The body is attacker-controlled:
 * every field is read within the body's bounds and the MPIs must fill it exactly.
 */
import { PacketFormatError, readUnsigned } from './packets.js';

export interface V3SignaturePacket {
  readonly signatureType: number;
  readonly created: Date;
  /**
   * The five bytes hashed after the signed data (§5.2.4): signature type and creation time.
   * v3 signatures have no hashed subpackets, so nothing else is signed but the content.
   */
  readonly hashedTrailer: Uint8Array;
  /** The issuer's 8-byte key ID, lower-case hex as openpgp.js `KeyID.toHex()` prints it. */
  readonly issuerKeyID: string;
  /** RFC 4880 §9.1 public-key algorithm ID. */
  readonly publicKeyAlgorithm: number;
  /** RFC 4880 §9.4 hash algorithm ID. */
  readonly hashAlgorithm: number;
  /** The left 16 bits of the hash, a quick check only: it authenticates nothing. */
  readonly hashPrefix: Uint8Array;
  /** Algorithm-specific signature values (RSA: one MPI, m^d mod n), without length headers. */
  readonly mpis: readonly Uint8Array[];
}

/** RSA has one signature MPI, DSA and ECDSA two; anything more is not a signature. */
const MAX_MPIS = 2;
/** Offset of the first MPI: version, hashed length, 5 hashed bytes, key ID, 2 algorithms, 2 prefix bytes. */
const MPIS_OFFSET = 19;

export function readV3SignaturePacket(body: Uint8Array): V3SignaturePacket {
  const version = readUnsigned(body, 0, 1);
  if (version !== 3) {
    throw new PacketFormatError(`signature packet has version ${version}, expected 3`);
  }
  // §5.2.2: "Length of following hashed material (MUST be 5)".
  const hashedLength = readUnsigned(body, 1, 1);
  if (hashedLength !== 5) {
    throw new PacketFormatError(`v3 signature declares ${hashedLength} hashed bytes, not 5`);
  }
  if (body.length < MPIS_OFFSET) {
    throw new PacketFormatError(`v3 signature packet is truncated (${body.length} bytes)`);
  }
  return {
    signatureType: body[2]!,
    created: new Date(readUnsigned(body, 3, 4) * 1000),
    hashedTrailer: body.slice(2, 7),
    issuerKeyID: Buffer.from(body.subarray(7, 15)).toString('hex'),
    publicKeyAlgorithm: body[15]!,
    hashAlgorithm: body[16]!,
    hashPrefix: body.slice(17, 19),
    mpis: readMpis(body, MPIS_OFFSET),
  };
}

/** §3.2: a two-octet bit count, then that many bits rounded up to whole octets. */
function readMpis(body: Uint8Array, from: number): Uint8Array[] {
  const mpis: Uint8Array[] = [];
  let at = from;
  while (at < body.length) {
    if (mpis.length === MAX_MPIS) {
      throw new PacketFormatError(`v3 signature has more than ${MAX_MPIS} MPIs`);
    }
    const bytes = Math.ceil(readUnsigned(body, at, 2) / 8);
    at += 2;
    if (bytes > body.length - at) {
      throw new PacketFormatError(
        `v3 signature MPI claims ${bytes} bytes but only ${body.length - at} remain`,
      );
    }
    mpis.push(body.slice(at, at + bytes));
    at += bytes;
  }
  if (mpis.length === 0) throw new PacketFormatError('v3 signature has no signature value');
  return mpis;
}
