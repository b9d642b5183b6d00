/**
 * Test-only: an RFC 3161 time-stamping authority made per run (a root and a TSA leaf with
 * the critical timeStamping EKU), issuing TimeStampResp DER (RFC 3161 §2.4.2: a status,
 * then the token, a CMS SignedData over a TSTInfo, RFC 5652) over the SHA-256 of given
 * bytes, as Sigstore TSAs stamp a signature. Encoded by hand in DER so that each field is
 * what the RFCs say.
 */
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { parseStrictDer } from '../signing/keyless/strict-der.js';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  policy: '1.3.6.1.4.1.57264.2',
} as const;

export interface TimestampAuthority {
  /** The TSA leaf then its root, as a trusted root's timestampAuthorities chain. */
  readonly chainPem: string;
  /** A TimeStampResp holding a token over SHA-256 of `data`, stamped at `at`. */
  stamp(data: Uint8Array, at?: Date): Promise<Uint8Array>;
}

export async function createTimestampAuthority(): Promise<TimestampAuthority> {
  const now = Date.now();
  const validity = { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000) };
  const rootKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const root = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=signet test TSA root',
      ...validity,
      signingAlgorithm: ALGORITHM,
      keys: rootKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      ],
    },
    webcrypto,
  );
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomBytes(8)
        .toString('hex')
        .replace(/^[89a-f]/u, '1'),
      subject: 'CN=signet test TSA',
      issuer: root.subject,
      ...validity,
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: rootKeys.privateKey,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true),
      ],
    },
    webcrypto,
  );
  const leafDer = new Uint8Array(leaf.rawData);
  const tbs = parseStrictDer(leafDer).children[0]!.children;
  // TBSCertificate: [0] version, serialNumber, signature, issuer, ...
  const serial = tbs[1]!.bytes;
  const issuer = tbs[3]!.bytes;
  return {
    chainPem: `${leaf.toString('pem')}\n${root.toString('pem')}\n`,
    async stamp(data, at = new Date()) {
      const tstInfo = seq(
        int(1),
        oid(OID.policy),
        seq(seq(oid(OID.sha256)), octet(createHash('sha256').update(data).digest())),
        int(Number.parseInt(randomBytes(4).toString('hex'), 16)),
        generalizedTime(at),
      );
      const attributes = [
        seq(oid(OID.contentType), set(oid(OID.tstInfo))),
        seq(oid(OID.messageDigest), set(octet(createHash('sha256').update(tstInfo).digest()))),
      ];
      const signedAttrs = set(...attributes.sort(compareBytes));
      const signature = Buffer.from(
        await webcrypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          keys.privateKey,
          signedAttrs,
        ),
      );
      const signerInfo = seq(
        int(1),
        seq(issuer, serial),
        seq(oid(OID.sha256)),
        tlv(0xa0, signedAttrs.subarray(headerLength(signedAttrs))),
        seq(oid(OID.ecdsaSha256)),
        octet(p1363ToDer(signature)),
      );
      const signedData = seq(
        int(3),
        set(seq(oid(OID.sha256))),
        seq(oid(OID.tstInfo), tlv(0xa0, octet(tstInfo))),
        tlv(0xa0, leafDer),
        set(signerInfo),
      );
      // TimeStampResp: PKIStatusInfo { granted (0) }, then the token (a ContentInfo).
      return seq(seq(int(0)), seq(oid(OID.signedData), tlv(0xa0, signedData)));
    },
  };
}

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  const n = body.length;
  const length =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Uint8Array.from([tag, ...length]), body]);
}

function headerLength(der: Uint8Array): number {
  const first = der[1]!;
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}

const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
const set = (...parts: Uint8Array[]) => tlv(0x31, ...parts);
const octet = (bytes: Uint8Array) => tlv(0x04, bytes);

function int(value: number): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return tlv(0x02, bytes[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(text: string): Uint8Array {
  const [a, b, ...rest] = text.split('.').map(Number) as [number, number, ...number[]];
  const out = [a * 40 + b];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) base128.unshift((v & 0x7f) | 0x80);
    out.push(...base128);
  }
  return tlv(0x06, Uint8Array.from(out));
}

function generalizedTime(at: Date): Uint8Array {
  const text = at
    .toISOString()
    .replace(/[-:T]/gu, '')
    .replace(/\.\d+Z$/u, 'Z');
  return tlv(0x18, Buffer.from(text, 'ascii'));
}

/** WebCrypto's ECDSA signature is r||s; CMS carries the DER SEQUENCE { r, s }. */
function p1363ToDer(signature: Uint8Array): Uint8Array {
  const half = signature.length / 2;
  const integer = (bytes: Uint8Array) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = bytes.subarray(i);
    return tlv(0x02, trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
  };
  return seq(integer(signature.subarray(0, half)), integer(signature.subarray(half)));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
