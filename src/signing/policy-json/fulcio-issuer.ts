/**
 * The OIDC issuer Fulcio records in a certificate (containers/image fulcio_cert.go
 * fulcioIssuerInCertificate; Fulcio docs/oid-info.md): extension 1.3.6.1.4.1.57264.1.1
 * holds the issuer as raw bytes (deprecated), 1.3.6.1.4.1.57264.1.8 as a DER string.
 * Either may be present; when both are, they must agree. The certificate is
 * attacker-controlled; its DER is read with the strict reader.
 */
import { DerError, parseStrictDer, type DerNode } from '../keyless/strict-der.js';

const OID_TAG = 0x06;
const OCTET_STRING = 0x04;
const EXTENSIONS_TAG = 0xa3;
// DER content of the two OIDs (arc 57264 is 0x83 0xbf 0x30 in base 128).
const ISSUER_V1 = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x01]);
const ISSUER_V2 = Buffer.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xbf, 0x30, 0x01, 0x08]);
/** UTF8String, PrintableString, IA5String: what Go's asn1.Unmarshal reads into a string. */
const STRING_TAGS = new Set([0x0c, 0x13, 0x16]);

export type IssuerOutcome = { ok: true; issuer: string } | { ok: false; reason: string };

export function fulcioIssuerOf(certificateDer: Uint8Array): IssuerOutcome {
  const no = (reason: string): IssuerOutcome => ({ ok: false, reason });
  let v1: string | undefined;
  let v2: string | undefined;
  try {
    for (const extension of extensionsOf(parseStrictDer(certificateDer))) {
      const [oid, ...rest] = extension.children;
      const value = rest[rest.length - 1];
      if (oid?.tag !== OID_TAG || value?.tag !== OCTET_STRING) continue;
      const id = contentOf(oid);
      if (id.equals(ISSUER_V1)) {
        if (v1 !== undefined)
          return no('the Fulcio certificate has a duplicate OIDC issuer v1 extension');
        v1 = contentOf(value).toString('utf8');
      } else if (id.equals(ISSUER_V2)) {
        if (v2 !== undefined)
          return no('the Fulcio certificate has a duplicate OIDC issuer v2 extension');
        const inner = parseStrictDer(contentOf(value));
        if (!STRING_TAGS.has(inner.tag)) return no('invalid ASN.1 in the OIDC issuer v2 extension');
        v2 = contentOf(inner).toString('utf8');
      }
    }
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    return no(`the Fulcio certificate is not valid DER: ${error.message}`);
  }
  if (v1 !== undefined && v2 !== undefined && v1 !== v2)
    return no(
      `inconsistent OIDC issuer extension values: v1 ${JSON.stringify(v1)}, v2 ${JSON.stringify(v2)}`,
    );
  const issuer = v1 ?? v2;
  return issuer === undefined
    ? no('the Fulcio certificate is missing the issuer extension')
    : { ok: true, issuer };
}

/** Certificate → tbsCertificate → [3] → SEQUENCE OF Extension. */
function extensionsOf(certificate: DerNode): readonly DerNode[] {
  const tbs = certificate.children[0];
  const explicit = tbs?.children.find((child) => child.tag === EXTENSIONS_TAG);
  return explicit?.children[0]?.children ?? [];
}

function contentOf(node: DerNode): Buffer {
  const bytes = Buffer.from(node.bytes);
  const first = bytes[1] ?? 0;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return bytes.subarray(header);
}
