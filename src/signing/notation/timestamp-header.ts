/**
 * Adds an RFC 3161 timestamp token to an envelope's unprotected header
 * (`io.cncf.notary.timestampSignature`: standard base64 in JWS, a byte string in COSE).
 * Unprotected, so the signature stays valid; the token itself stamps the signature bytes.
 */
import { CborMap, CborTagged, decodeCbor, encodeCbor } from './cbor.js';
import { HEADER, JWS_MEDIA_TYPE, type NotationEnvelopeRef } from './envelope-types.js';

export function withTimestampToken(
  envelope: NotationEnvelopeRef,
  token: Uint8Array,
): NotationEnvelopeRef {
  if (envelope.mediaType === JWS_MEDIA_TYPE) {
    const doc = JSON.parse(Buffer.from(envelope.bytes).toString('utf8')) as {
      header: Record<string, unknown>;
    };
    doc.header[HEADER.timestampSignature] = Buffer.from(token).toString('base64');
    return { mediaType: envelope.mediaType, bytes: Buffer.from(JSON.stringify(doc)) };
  }
  const top = decodeCbor(envelope.bytes, 'the envelope') as CborTagged;
  const [prot, unprotected, payload, signature] = top.value as [
    Uint8Array,
    CborMap,
    Uint8Array,
    Uint8Array,
  ];
  const header = new CborMap([
    ...unprotected.entries.filter(([k]) => k !== HEADER.timestampSignature),
    [HEADER.timestampSignature, token],
  ]);
  return {
    mediaType: envelope.mediaType,
    bytes: encodeCbor(new CborTagged(top.tag, [prot, header, payload, signature])),
  };
}
