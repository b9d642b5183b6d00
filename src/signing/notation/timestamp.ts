/**
 * RFC 3161 timestamp countersignatures of notary.x509 signatures
 * (`io.cncf.notary.timestampSignature`): a TimeStampToken (a CMS SignedData, RFC 5652,
 * holding a TSTInfo) whose message imprint is the hash of the envelope's signature bytes.
 * Verified here: the imprint, the signed attributes' message digest over the TSTInfo, the
 * TSA's signature over the signed attributes, and the TSA certificate (timeStamping
 * extended key usage) chaining, through the certificates the token carries, to a
 * certificate of a `tsa` trust store, valid at the time stamped. Returns that time.
 * The token is attacker-controlled: it is read with the strict DER reader, bounded.
 */
import { createHash, verify as cryptoVerify, type X509Certificate } from 'node:crypto';
import { parseStrictDer, type DerNode } from '../keyless/strict-der.js';
import { anchoredIn, invalidAt } from './certificate-chain.js';
import { parseCertificateDer, publicKeyOf } from './certificate-der.js';
import { notationError } from './errors.js';

/** A token carries a few certificates; 64 KiB is generous. */
const MAX_TOKEN_BYTES = 64 * 1024;
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

const hex = (h: string) => Buffer.from(h.replace(/ /g, ''), 'hex');
const OID = {
  signedData: hex('06 09 2a864886f70d010702'),
  tstInfo: hex('06 0b 2a864886f70d0109100104'),
  messageDigest: hex('06 09 2a864886f70d010904'),
} as const;
const HASHES: readonly (readonly [Buffer, string])[] = [
  [hex('06 09 608648016503040201'), 'sha256'],
  [hex('06 09 608648016503040202'), 'sha384'],
  [hex('06 09 608648016503040203'), 'sha512'],
];

function content(node: DerNode): Uint8Array {
  const first = node.bytes[1]!;
  return node.bytes.subarray(first < 0x80 ? 2 : 2 + (first & 0x7f));
}

function child(node: DerNode | undefined, index: number, tag: number): DerNode {
  const c = node?.children[index];
  if (c === undefined || c.tag !== tag)
    throw new Error(`unexpected structure (wanted tag 0x${tag.toString(16)} at ${index})`);
  return c;
}

function hashOf(algorithm: DerNode): string {
  const oid = algorithm.children[0]?.bytes;
  const found = HASHES.find(([der]) => oid !== undefined && der.equals(oid));
  if (found === undefined) throw new Error('uses a hash other than SHA-256/384/512');
  return found[1];
}

function generalizedTime(node: DerNode): Date {
  const text = Buffer.from(content(node)).toString('ascii');
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\.\d+)?Z$/.exec(text);
  if (node.tag !== 0x18 || m === null) throw new Error('genTime is not a GeneralizedTime in UTC');
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
}

interface ParsedToken {
  readonly genTime: Date;
  readonly certificates: readonly X509Certificate[];
  readonly signerSerial: string;
  readonly signedAttributes: Uint8Array;
  readonly signature: Uint8Array;
  readonly signerHash: string;
}

function parseToken(token: Uint8Array, signature: Uint8Array): ParsedToken {
  const root = parseStrictDer(token);
  if (!Buffer.from(child(root, 0, 0x06).bytes).equals(OID.signedData))
    throw new Error('is not a CMS SignedData');
  const signedData = child(child(root, 1, 0xa0), 0, 0x30);
  const encap = child(signedData, 2, 0x30);
  if (!Buffer.from(child(encap, 0, 0x06).bytes).equals(OID.tstInfo))
    throw new Error('does not hold a TSTInfo');
  const tstInfoDer = content(child(child(encap, 1, 0xa0), 0, 0x04));
  const tstInfo = parseStrictDer(tstInfoDer);
  const imprint = child(tstInfo, 2, 0x30);
  const imprintHash = hashOf(child(imprint, 0, 0x30));
  const expected = createHash(imprintHash).update(signature).digest();
  if (!expected.equals(content(child(imprint, 1, 0x04))))
    throw new Error('stamps other data than this signature');
  const genTime = generalizedTime(child(tstInfo, 4, 0x18));
  const certNode = signedData.children.find((c) => c.tag === 0xa0);
  const certificates = (certNode?.children ?? []).map((c, i) =>
    parseCertificateDer(c.bytes, `certificate ${i} of the timestamp`),
  );
  const signerInfos = signedData.children[signedData.children.length - 1]!;
  const signerInfo = child(signerInfos, 0, 0x30);
  const sid = child(signerInfo, 1, 0x30);
  const signerSerial = Buffer.from(content(child(sid, 1, 0x02)))
    .toString('hex')
    .replace(/^0+/, '')
    .toUpperCase();
  const signerHash = hashOf(child(signerInfo, 2, 0x30));
  const attrs = child(signerInfo, 3, 0xa0);
  const digestAttr = attrs.children.find(
    (a) =>
      a.children[0] !== undefined && Buffer.from(a.children[0].bytes).equals(OID.messageDigest),
  );
  const messageDigest = digestAttr?.children[1]?.children[0];
  if (messageDigest === undefined || messageDigest.tag !== 0x04)
    throw new Error('has no messageDigest signed attribute');
  if (!createHash(signerHash).update(tstInfoDer).digest().equals(content(messageDigest)))
    throw new Error('signed attributes do not match its TSTInfo');
  // The signature covers the attributes re-tagged as a SET (RFC 5652 §5.4).
  const signedAttributes = Buffer.from(attrs.bytes);
  signedAttributes[0] = 0x31;
  const signatureValue = signerInfo.children.find((c, i) => i > 3 && c.tag === 0x04);
  if (signatureValue === undefined) throw new Error('has no signature value');
  return {
    genTime,
    certificates,
    signerSerial,
    signedAttributes,
    signature: content(signatureValue),
    signerHash,
  };
}

/** The time the token stamps; throws NOTATION_VERIFICATION_FAILED (authenticTimestamp) naming `what`. */
export function verifyTimestamp(
  token: Uint8Array,
  signature: Uint8Array,
  tsaCertificates: readonly X509Certificate[],
  what: string,
): Date {
  const fail = (problem: string, cause?: unknown) =>
    notationError('NOTATION_VERIFICATION_FAILED', `the timestamp of ${what} ${problem}`, {
      details: { check: 'authenticTimestamp' },
      ...(cause === undefined ? {} : { cause }),
    });
  if (token.length > MAX_TOKEN_BYTES)
    throw fail(`is ${token.length} bytes (limit ${MAX_TOKEN_BYTES})`);
  let parsed: ParsedToken;
  try {
    parsed = parseToken(token, signature);
  } catch (error) {
    throw fail((error as Error).message, error);
  }
  const signer = parsed.certificates.find(
    (c) => c.serialNumber.replace(/^0+/, '').toUpperCase() === parsed.signerSerial,
  );
  if (signer === undefined) throw fail('does not carry its signing certificate');
  if (!(signer.keyUsage ?? []).includes(TIME_STAMPING))
    throw fail('is signed by a certificate without the timeStamping usage');
  if (
    !cryptoVerify(parsed.signerHash, parsed.signedAttributes, publicKeyOf(signer), parsed.signature)
  )
    throw fail('signature does not verify with its signing certificate');
  const chain = chainTo(signer, [...parsed.certificates, ...tsaCertificates]);
  if (!anchoredIn(chain, tsaCertificates))
    throw fail('is not from a TSA in a tsa trust store the trust policy names');
  const invalid = invalidAt(chain, parsed.genTime);
  if (invalid !== undefined) throw fail(`was made when ${invalid}`);
  return parsed.genTime;
}

/** Follows issuers (signature-checked) from `leaf` through `pool`, at most ten links. */
function chainTo(leaf: X509Certificate, pool: readonly X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  for (let i = 0; i < 10; i++) {
    const last = chain[chain.length - 1]!;
    if (last.issuer === last.subject) break;
    const issuer = pool.find((c) => c.subject === last.issuer && last.verify(publicKeyOf(c)));
    if (issuer === undefined) break;
    chain.push(issuer);
  }
  return chain;
}
