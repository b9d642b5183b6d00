/**
 * The Notary Project COSE envelope (signature-envelope-cose.md): a tagged COSE_Sign1
 * (RFC 9052 §4.2, tag 18). Protected header: alg (1), crit (2), content type (3) and the
 * notary attributes, times as CBOR epoch-seconds (tag 1). Unprotected header: x5chain (33,
 * RFC 9360, leaf first), signing agent and timestamp countersignature. The signature
 * covers Sig_structure ["Signature1", protected, h'', payload] (RFC 9052 §4.4).
 */
import { ALGORITHMS, algorithmFromCose } from './algorithms.js';
import { checkSignedAttributes } from './attributes.js';
import { CborMap, CborTagged, decodeCbor, encodeCbor, type CborValue } from './cbor.js';
import { parseCertificateChain } from './certificate-der.js';
import { HEADER, type SignerInfo } from './envelope-types.js';
import { notationError } from './errors.js';
import type { EnvelopeParts } from './jws-envelope.js';

const COSE_SIGN1_TAG = 18;
const EPOCH_TIME_TAG = 1;
const LABEL = { alg: 1, crit: 2, contentType: 3, x5chain: 33 } as const;

const epoch = (date: Date) => new CborTagged(EPOCH_TIME_TAG, Math.floor(date.getTime() / 1000));

/** Text keys in length-first order (RFC 7049 §3.9 canonical), as notation writes them. */
function canonicalTextOrder(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function coseProtectedHeader(parts: EnvelopeParts): Uint8Array {
  const a = parts.attributes;
  const notary: [string, CborValue][] = Object.entries(a.extended).map(([k, v]) => [
    k,
    v as CborValue,
  ]);
  notary.push([HEADER.signingScheme, a.signingScheme]);
  const timeHeader =
    a.signingScheme === 'notary.x509' ? HEADER.signingTime : HEADER.authenticSigningTime;
  notary.push([timeHeader, epoch(a.signingTime)]);
  if (a.expiry !== undefined) notary.push([HEADER.expiry, epoch(a.expiry)]);
  notary.sort(([x], [y]) => canonicalTextOrder(x, y));
  return encodeCbor(
    new CborMap([
      [LABEL.alg, ALGORITHMS[parts.algorithm].cose],
      [LABEL.crit, [...a.critical]],
      [LABEL.contentType, a.contentType],
      ...notary,
    ]),
  );
}

export function coseSigningInput(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), payload]);
}

export function encodeCoseEnvelope(
  parts: EnvelopeParts,
  protectedHeader: Uint8Array,
  signature: Uint8Array,
): Uint8Array {
  const unprotected = new CborMap([
    [LABEL.x5chain, parts.chain.map((c) => new Uint8Array(c.raw))],
    [HEADER.signingAgent, parts.signingAgent],
  ]);
  return encodeCbor(
    new CborTagged(COSE_SIGN1_TAG, [protectedHeader, unprotected, parts.payload, signature]),
  );
}

function time(value: CborValue | undefined, name: string, what: string): Date | undefined {
  if (value === undefined) return undefined;
  if (
    value instanceof CborTagged &&
    value.tag === EPOCH_TIME_TAG &&
    typeof value.value === 'number'
  )
    return new Date(value.value * 1000);
  throw notationError(
    'NOTATION_ENVELOPE_INVALID',
    `${what} has a ${name} that is not a CBOR epoch time (tag 1)`,
  );
}

export function decodeCoseEnvelope(bytes: Uint8Array, what: string): SignerInfo {
  const fail = (problem: string) =>
    notationError('NOTATION_ENVELOPE_INVALID', `${what} ${problem}`);
  const top = decodeCbor(bytes, what);
  if (!(top instanceof CborTagged) || top.tag !== COSE_SIGN1_TAG || !Array.isArray(top.value))
    throw fail('is not a tagged COSE_Sign1 message');
  const [prot, unprotected, payload, signature] = top.value as CborValue[];
  if (top.value.length !== 4 || !(prot instanceof Uint8Array) || !(unprotected instanceof CborMap))
    throw fail(
      'is not a COSE_Sign1 array of protected header, unprotected header, payload, signature',
    );
  if (!(payload instanceof Uint8Array)) throw fail('has a detached or missing payload');
  if (!(signature instanceof Uint8Array)) throw fail('has no signature bytes');
  const header = decodeCbor(prot, `the protected header of ${what}`);
  if (!(header instanceof CborMap)) throw fail('has a protected header that is not a map');
  const algorithm = algorithmFromCose(header.get(LABEL.alg));
  if (algorithm === undefined)
    throw fail(
      `uses COSE algorithm ${JSON.stringify(header.get(LABEL.alg)) ?? 'none'}, which Notary Project signatures do not allow`,
    );
  const known = new Set<number | string>([
    LABEL.alg,
    LABEL.crit,
    LABEL.contentType,
    HEADER.signingScheme,
    HEADER.signingTime,
    HEADER.authenticSigningTime,
    HEADER.expiry,
  ]);
  const extended = Object.fromEntries(
    header.entries.filter(([k]) => !known.has(k)).map(([k, v]) => [String(k), v]),
  );
  const attributes = checkSignedAttributes(
    {
      scheme: header.get(HEADER.signingScheme),
      signingTime: time(header.get(HEADER.signingTime), 'signing time', what),
      authenticSigningTime: time(
        header.get(HEADER.authenticSigningTime),
        'authentic signing time',
        what,
      ),
      expiry: time(header.get(HEADER.expiry), 'expiry', what),
      contentType: header.get(LABEL.contentType),
      critical: header.get(LABEL.crit),
      present: header.entries.map(([k]) => String(k)),
      extended,
    },
    what,
  );
  const x5chain = unprotected.get(LABEL.x5chain);
  // RFC 9360 §2: a single certificate may be a bare byte string.
  const ders = x5chain instanceof Uint8Array ? [x5chain] : x5chain;
  if (!Array.isArray(ders)) throw fail('has no x5chain certificate chain');
  const agent = unprotected.get(HEADER.signingAgent);
  const timestamp = unprotected.get(HEADER.timestampSignature);
  if (timestamp !== undefined && !(timestamp instanceof Uint8Array))
    throw fail('has a timestamp signature that is not bytes');
  return {
    format: 'cose',
    payload,
    signedAttributes: attributes,
    algorithm,
    certificateChain: parseCertificateChain(ders, what),
    signature,
    signedBytes: coseSigningInput(prot, payload),
    ...(typeof agent === 'string' ? { signingAgent: agent } : {}),
    ...(timestamp instanceof Uint8Array ? { timestampToken: timestamp } : {}),
  };
}
