/**
 * RFC 3161 timestamps (TimeStampResp or bare token) in a bundle are read strictly before @sigstore/verify reads
 * them leniently: a ContentInfo SEQUENCE { contentType OID, [0] EXPLICIT SignedData
 * SEQUENCE { ..., [0] IMPLICIT certificates, ..., signerInfos SET } } in strict DER, each
 * embedded certificate strict DER as OpenSSL re-encodes it. A token outside that shape has
 * been altered in parts its signature does not cover.
 */
import { X509Certificate } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { errorFactory } from '../../core/errors.js';
import { KEYLESS_ERRORS } from './errors.js';
import { parseStrictDer, type DerNode } from './strict-der.js';

const fail = errorFactory(KEYLESS_ERRORS);

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const CONTEXT_0 = 0xa0;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;

function expectTag(node: DerNode | undefined, tag: number, name: string): DerNode {
  if (node?.tag !== tag) throw new Error(`${name} is not where RFC 5652 puts it`);
  return node;
}

/** Bundles carry a TimeStampResp (status, then the token) or the bare token. */
function checkToken(der: Uint8Array): void {
  const top = expectTag(parseStrictDer(der), SEQUENCE, 'TimeStampResp');
  const isResponse = top.children[0]?.tag === SEQUENCE;
  if (isResponse) expectTag(top.children[0]!.children[0], INTEGER, 'PKIStatusInfo.status');
  const info = isResponse ? expectTag(top.children[1], SEQUENCE, 'timeStampToken') : top;
  expectTag(info.children[0], OID, 'contentType');
  const wrapper = expectTag(info.children[1], CONTEXT_0, 'content');
  const signed = expectTag(wrapper.children[0], SEQUENCE, 'SignedData');
  const parts = signed.children;
  expectTag(parts[0], INTEGER, 'SignedData.version');
  expectTag(parts[1], SET, 'digestAlgorithms');
  const encap = expectTag(parts[2], SEQUENCE, 'encapContentInfo');
  expectTag(encap.children[0], OID, 'eContentType');
  expectTag(
    expectTag(encap.children[1], CONTEXT_0, 'eContent').children[0],
    OCTET_STRING,
    'eContent',
  );
  const signerInfos = expectTag(parts[parts.length - 1], SET, 'signerInfos');
  signerInfos.children.forEach((info) => {
    // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature.
    const fields = expectTag(info, SEQUENCE, 'SignerInfo').children;
    expectTag(fields[0], INTEGER, 'SignerInfo.version');
    expectTag(fields[2], SEQUENCE, 'SignerInfo.digestAlgorithm');
    expectTag(fields[3], CONTEXT_0, 'SignerInfo.signedAttrs');
    expectTag(fields[4], SEQUENCE, 'SignerInfo.signatureAlgorithm');
    expectTag(fields[5], OCTET_STRING, 'SignerInfo.signature');
    if (fields.length > 7) throw new Error('SignerInfo has unexpected fields');
  });
  const certificates = parts.slice(3, -1).find((part) => part.tag === CONTEXT_0);
  certificates?.children.forEach((certificate) => {
    if (!new X509Certificate(certificate.bytes).raw.equals(Buffer.from(certificate.bytes))) {
      throw new Error('an embedded certificate has bytes outside its DER encoding');
    }
  });
}

export function checkTimestampsStrictly(bundle: Bundle, what: string): void {
  const stamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
  stamps.forEach((stamp, index) => {
    try {
      checkToken(stamp.signedTimestamp);
    } catch (error) {
      throw fail(
        'SIGSTORE_BUNDLE_UNREADABLE',
        `${what}: RFC 3161 timestamp ${index} is not a strict DER timestamp token (${(error as Error).message})`,
      );
    }
  });
}
