/**
 * The Notary Project JWS envelope (signature-envelope-jws.md): JWS JSON serialization
 * (RFC 7515 §7.2.2, flattened) with the signed attributes in the protected header, the
 * certificate chain (`x5c`, standard base64 DER, leaf first), signing agent and timestamp
 * countersignature in the unprotected header. The signature covers
 * ASCII(BASE64URL(protected) '.' BASE64URL(payload)).
 */
import type { X509Certificate } from 'node:crypto';
import { decodeBase64, decodeBase64Url, encodeBase64Url } from '../../core/base64.js';
import { ALGORITHMS, algorithmFromJws, type SignatureAlgorithm } from './algorithms.js';
import { checkSignedAttributes } from './attributes.js';
import { parseCertificateChain } from './certificate-der.js';
import { HEADER, type SignedAttributes, type SignerInfo } from './envelope-types.js';
import { notationError } from './errors.js';

/** RFC 3339 in UTC, seconds precision, as notation writes it. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface EnvelopeParts {
  readonly payload: Uint8Array;
  readonly attributes: SignedAttributes;
  readonly algorithm: SignatureAlgorithm;
  readonly chain: readonly X509Certificate[];
  readonly signingAgent: string;
}

/** The protected header's bytes: fixed fields first, then notary headers, sorted as Go's encoder. */
export function jwsProtectedHeader(parts: EnvelopeParts): Uint8Array {
  const a = parts.attributes;
  const notary: Record<string, unknown> = { ...a.extended };
  notary[HEADER.signingScheme] = a.signingScheme;
  const timeHeader =
    a.signingScheme === 'notary.x509' ? HEADER.signingTime : HEADER.authenticSigningTime;
  notary[timeHeader] = rfc3339(a.signingTime);
  if (a.expiry !== undefined) notary[HEADER.expiry] = rfc3339(a.expiry);
  const header: Record<string, unknown> = {
    alg: ALGORITHMS[parts.algorithm].jws,
    crit: a.critical,
    cty: a.contentType,
  };
  for (const key of Object.keys(notary).sort()) header[key] = notary[key];
  return Buffer.from(JSON.stringify(header));
}

export function jwsSigningInput(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  return Buffer.from(`${encodeBase64Url(protectedHeader)}.${encodeBase64Url(payload)}`, 'ascii');
}

export function encodeJwsEnvelope(
  parts: EnvelopeParts,
  protectedHeader: Uint8Array,
  signature: Uint8Array,
): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      payload: encodeBase64Url(parts.payload),
      protected: encodeBase64Url(protectedHeader),
      header: {
        x5c: parts.chain.map((c) => c.raw.toString('base64')),
        [HEADER.signingAgent]: parts.signingAgent,
      },
      signature: encodeBase64Url(signature),
    }),
  );
}

function parseTime(value: unknown, name: string, what: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (
    date === undefined ||
    Number.isNaN(date.getTime()) ||
    !/^\d{4}-\d\d-\d\dT/.test(value as string)
  )
    throw notationError(
      'NOTATION_ENVELOPE_INVALID',
      `${what} has a ${name} that is not an RFC 3339 time`,
    );
  return date;
}

/** Base64 problems become envelope problems, naming the field. */
function base64Field(text: string, field: string, what: string, url: boolean): Uint8Array {
  try {
    return url ? decodeBase64Url(text, field) : decodeBase64(text, field);
  } catch (cause) {
    throw notationError('NOTATION_ENVELOPE_INVALID', `${what} has a ${field} that is not base64`, {
      cause,
    });
  }
}

export function decodeJwsEnvelope(bytes: Uint8Array, what: string): SignerInfo {
  const fail = (problem: string, cause?: unknown) =>
    notationError(
      'NOTATION_ENVELOPE_INVALID',
      `${what} ${problem}`,
      cause === undefined ? {} : { cause },
    );
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<
      string,
      unknown
    >;
  } catch (cause) {
    throw fail('is not a JWS envelope (not JSON)', cause);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw fail('is not a JSON object');
  const { payload, protected: prot, header, signature } = doc;
  if (typeof payload !== 'string' || typeof prot !== 'string' || typeof signature !== 'string')
    throw fail('lacks payload, protected or signature (JWS JSON serialization)');
  if (typeof header !== 'object' || header === null) throw fail('has no unprotected header');
  const protectedBytes = base64Field(prot, 'protected header', what, true);
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(Buffer.from(protectedBytes).toString('utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw fail('has a protected header that is not JSON', cause);
  }
  if (typeof h !== 'object' || h === null || Array.isArray(h))
    throw fail('has a protected header that is not an object');
  const algorithm = algorithmFromJws(h.alg);
  if (algorithm === undefined)
    throw fail(
      `uses algorithm ${JSON.stringify(h.alg)}, which Notary Project signatures do not allow`,
    );
  const known = new Set([
    'alg',
    'crit',
    'cty',
    HEADER.signingScheme,
    HEADER.signingTime,
    HEADER.authenticSigningTime,
    HEADER.expiry,
  ]);
  const extended = Object.fromEntries(Object.entries(h).filter(([k]) => !known.has(k)));
  const attributes = checkSignedAttributes(
    {
      scheme: h[HEADER.signingScheme],
      signingTime: parseTime(h[HEADER.signingTime], 'signing time', what),
      authenticSigningTime: parseTime(
        h[HEADER.authenticSigningTime],
        'authentic signing time',
        what,
      ),
      expiry: parseTime(h[HEADER.expiry], 'expiry', what),
      contentType: h.cty,
      critical: h.crit,
      present: Object.keys(h),
      extended,
    },
    what,
  );
  const unprotected = header as Record<string, unknown>;
  const x5c = unprotected.x5c;
  if (!Array.isArray(x5c) || x5c.some((c) => typeof c !== 'string'))
    throw fail('has no x5c certificate chain');
  const chain = parseCertificateChain(
    (x5c as string[]).map((c, i) => base64Field(c, `x5c[${i}]`, what, false)),
    what,
  );
  const agent = unprotected[HEADER.signingAgent];
  const timestamp = unprotected[HEADER.timestampSignature];
  if (timestamp !== undefined && typeof timestamp !== 'string')
    throw fail('has a timestamp signature that is not base64');
  const payloadBytes = base64Field(payload, 'payload', what, true);
  return {
    format: 'jws',
    payload: payloadBytes,
    signedAttributes: attributes,
    algorithm,
    certificateChain: chain,
    signature: base64Field(signature, 'signature', what, true),
    signedBytes: Buffer.from(`${prot}.${payload}`, 'ascii'),
    ...(typeof agent === 'string' ? { signingAgent: agent } : {}),
    ...(typeof timestamp === 'string'
      ? { timestampToken: base64Field(timestamp, 'timestamp signature', what, false) }
      : {}),
  };
}
