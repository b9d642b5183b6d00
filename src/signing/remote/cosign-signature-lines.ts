/**
 * `cosign download signature` output (cmd/cosign/cli/download/signature.go): one JSON
 * document per line and per signature. A Sigstore bundle is printed as the bundle itself;
 * a legacy `.sig` layer as cosign's `SignedPayload`
 * `{"Base64Signature","Payload","Cert","Chain","Bundle","RFC3161Timestamp"}` with the
 * payload in base64 and the Rekor bundle as a JSON object. Signet writes the same lines
 * (bundles first, then legacy layers: cosign prints bundles only when there are any, Signet
 * prints both layouts since it verifies both) and reads them back for offline verification.
 *
 * cosign marshals a certificate as Go's x509.Certificate structure; Signet writes and reads
 * the PEM text instead (certificates are not trusted by key verification either way).
 */
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { CosignAnnotation, CosignMediaType, type SignatureLayer } from '../cosign/index.js';
import type { BundleSignature, SignatureSet } from './signature-set.js';

export function encodeCosignSignatureLines(set: SignatureSet): string {
  const lines: string[] = [];
  for (const bundle of set.bundles) {
    if (bundle.problem !== undefined) continue;
    lines.push(JSON.stringify(JSON.parse(new TextDecoder().decode(bundle.bytes)) as unknown));
  }
  for (const layer of set.legacy?.layers ?? []) lines.push(JSON.stringify(signedPayloadOf(layer)));
  return lines.map((line) => `${line}\n`).join('');
}

function signedPayloadOf(layer: SignatureLayer): Record<string, unknown> {
  const a = layer.annotations;
  return {
    Base64Signature: a[CosignAnnotation.Signature] ?? '',
    Payload: encodeBase64(layer.payload),
    Cert: a[CosignAnnotation.Certificate] ?? null,
    Chain: a[CosignAnnotation.Chain] ?? null,
    Bundle: jsonOrNull(a[CosignAnnotation.Bundle]),
    RFC3161Timestamp: jsonOrNull(a[CosignAnnotation.Rfc3161Timestamp]),
  };
}

function jsonOrNull(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The signature set of `imageDigest` from cosign's lines (attacker-controlled: a line that
 * is neither a bundle nor a SignedPayload is an error naming its line). Nothing here is
 * trusted: the payloads and statements must still name `imageDigest` and verify.
 */
export function parseCosignSignatureLines(
  text: string,
  imageDigest: string,
  source: string,
): SignatureSet {
  const layers: SignatureLayer[] = [];
  const bundles: BundleSignature[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source} line ${i + 1}`;
    let doc: unknown;
    try {
      doc = JSON.parse(line) as unknown;
    } catch (error) {
      throw new Error(`line ${i + 1} is not JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      throw new Error(`line ${i + 1} is not a JSON object`);
    const record = doc as Record<string, unknown>;
    if (typeof record.mediaType === 'string') {
      bundles.push({
        reference: where,
        manifestDigest: '',
        bytes: new TextEncoder().encode(line),
      });
    } else if (typeof record.Base64Signature === 'string') {
      layers.push(layerOf(record, i + 1));
    } else {
      throw new Error(`line ${i + 1} is neither a Sigstore bundle nor a cosign signature`);
    }
  });
  return {
    imageDigest,
    ...(layers.length === 0 ? {} : { legacy: { reference: source, manifestDigest: '', layers } }),
    bundles,
    problems: [],
  };
}

function layerOf(record: Record<string, unknown>, line: number): SignatureLayer {
  if (typeof record.Payload !== 'string') throw new Error(`line ${line}: Payload must be base64`);
  const annotations: Record<string, string> = {
    [CosignAnnotation.Signature]: record.Base64Signature as string,
  };
  const optional: [string, unknown][] = [
    [CosignAnnotation.Certificate, record.Cert],
    [CosignAnnotation.Chain, record.Chain],
    [CosignAnnotation.Bundle, record.Bundle],
    [CosignAnnotation.Rfc3161Timestamp, record.RFC3161Timestamp],
  ];
  for (const [name, value] of optional) {
    if (value === null || value === undefined) continue;
    annotations[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return {
    mediaType: CosignMediaType.SimpleSigning,
    payload: decodeBase64(record.Payload, `line ${line} Payload`),
    annotations,
  };
}
