/**
 * A legacy cosign signature layer with a certificate (cosign specs/SIGNATURE_SPEC.md) is
 * the same evidence as a Sigstore bundle v0.1 with a message signature: the signature over
 * the payload (messageDigest = SHA-256 of the payload, what cosign logs), the certificate
 * and its chain, and one Rekor entry whose inclusion promise is the layer's SET
 * (`dev.sigstore.cosign/bundle`: {SignedEntryTimestamp, Payload{body, integratedTime,
 * logIndex, logID}}, cosign pkg/cosign/bundle/rekor.go). Converting it lets one verifier
 * (@sigstore/verify, under Signet's strict checks) judge both layouts.
 *
 * @sigstore/verify compares a hashedrekord body's signature and digest with the signed
 * content but not its key: cosign's VerifyBundle also requires the logged key to be the
 * signing certificate, so that check is made here. Every annotation is attacker-controlled.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { errorFactory } from '../../core/errors.js';
import { CosignAnnotation, type SignatureLayer } from '../cosign/signature-layer.js';
import { jsonField, readRekorBundleAnnotation } from '../cosign/rekor-bundle-annotation.js';
import { KEYLESS_ERRORS } from './errors.js';

const fail = errorFactory(KEYLESS_ERRORS);

const BUNDLE_V01 = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/gu;
/** A chain is a handful of certificates; more is hostile. */
const MAX_CHAIN = 10;

export interface LegacyLayerBundle {
  /** Sigstore bundle v0.1 JSON, as bundleFromJSON reads it. */
  readonly bundle: Record<string, unknown>;
  /** The leaf certificate's DER bytes. */
  readonly leaf: Uint8Array;
  readonly logIndex?: number;
  readonly integratedTime?: number;
}

/** PEM certificates in order, each DER as given. Throws KEYLESS_LAYER_MALFORMED. */
export function certificatesFromPem(text: string, what: string): Uint8Array[] {
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => m[1]!.replace(/\s+/gu, ''));
  if (blocks.length === 0 || blocks.length > MAX_CHAIN) {
    throw fail('KEYLESS_LAYER_MALFORMED', `${what}: expected 1 to ${MAX_CHAIN} PEM certificates`);
  }
  return blocks.map((b64, i) => {
    try {
      return decodeBase64(b64, `${what} certificate ${i + 1}`);
    } catch (error) {
      throw fail('KEYLESS_LAYER_MALFORMED', `${what}: certificate ${i + 1} is not base64`, {
        cause: error,
      });
    }
  });
}

export function legacyLayerBundle(layer: SignatureLayer, what: string): LegacyLayerBundle {
  const a = layer.annotations;
  const signature = a[CosignAnnotation.Signature];
  if (signature === undefined || signature === '') {
    throw fail('KEYLESS_LAYER_MALFORMED', `${what}: has no ${CosignAnnotation.Signature}`);
  }
  const certificate = a[CosignAnnotation.Certificate];
  if (certificate === undefined || certificate === '') {
    throw fail(
      'KEYLESS_LAYER_MALFORMED',
      `${what}: has no ${CosignAnnotation.Certificate}: not a keyless signature (verify it with --key)`,
    );
  }
  const leaf = certificatesFromPem(certificate, `${what}: ${CosignAnnotation.Certificate}`)[0]!;
  const chainText = a[CosignAnnotation.Chain];
  const chain =
    chainText === undefined || chainText === ''
      ? []
      : certificatesFromPem(chainText, `${what}: ${CosignAnnotation.Chain}`);
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = decodeBase64(signature, `${what} signature`);
  } catch (error) {
    throw fail('KEYLESS_LAYER_MALFORMED', `${what}: the signature annotation is not base64`, {
      cause: error,
    });
  }
  const rekor = a[CosignAnnotation.Bundle];
  const entry = rekor === undefined ? undefined : tlogEntry(rekor, leaf, what);
  const stamp = a[CosignAnnotation.Rfc3161Timestamp];
  const verificationMaterial: Record<string, unknown> = {
    x509CertificateChain: {
      certificates: [leaf, ...chain].map((der) => ({ rawBytes: encodeBase64(der) })),
    },
    tlogEntries: entry === undefined ? [] : [entry.json],
    ...(stamp === undefined
      ? {}
      : { timestampVerificationData: { rfc3161Timestamps: [rfc3161(stamp, what)] } }),
  };
  return {
    bundle: {
      mediaType: BUNDLE_V01,
      verificationMaterial,
      messageSignature: {
        messageDigest: {
          algorithm: 'SHA2_256',
          digest: encodeBase64(createHash('sha256').update(layer.payload).digest()),
        },
        signature: encodeBase64(signatureBytes),
      },
    },
    leaf,
    ...(entry === undefined
      ? {}
      : { logIndex: entry.logIndex, integratedTime: entry.integratedTime }),
  };
}

interface ConvertedEntry {
  readonly json: Record<string, unknown>;
  readonly logIndex: number;
  readonly integratedTime: number;
}

/** The layer's Rekor bundle as a v0.1 tlog entry with an inclusion promise. */
function tlogEntry(text: string, leaf: Uint8Array, what: string): ConvertedEntry {
  const bad = (problem: string) =>
    fail('KEYLESS_LAYER_MALFORMED', `${what}: ${CosignAnnotation.Bundle} ${problem}`);
  const read = readRekorBundleAnnotation(text);
  if (!read.ok)
    throw bad(
      {
        'not-json': 'is not JSON',
        'missing-field': 'lacks SignedEntryTimestamp, Payload.body or Payload.logID',
        'not-a-count': 'has an integratedTime or logIndex that is not a whole number',
      }[read.problem],
    );
  const { set, body, integratedTime, logIndex, logID } = read.bundle;
  if (!/^[0-9a-f]{64}$/u.test(logID)) throw bad('has a logID that is not 64 hex digits');
  let bodyBytes: Uint8Array;
  let parsed: unknown;
  try {
    bodyBytes = decodeBase64(body, 'Rekor body');
    parsed = JSON.parse(new TextDecoder().decode(bodyBytes));
  } catch {
    throw bad('has a body that is not base64 JSON');
  }
  const kind = jsonField(parsed, 'kind');
  const version = jsonField(parsed, 'apiVersion');
  if (kind !== 'hashedrekord' || version !== '0.0.1') {
    throw fail(
      'KEYLESS_TLOG_INVALID',
      `${what}: log entry ${logIndex} is ${String(kind)} ${String(version)}, not the hashedrekord 0.0.1 entry cosign makes for an image signature`,
    );
  }
  checkLoggedCertificate(parsed, leaf, `${what}: log entry ${logIndex}`);
  return {
    json: {
      logIndex: String(logIndex),
      logId: { keyId: encodeBase64(Buffer.from(logID, 'hex')) },
      kindVersion: { kind, version },
      integratedTime: String(integratedTime),
      inclusionPromise: { signedEntryTimestamp: set },
      canonicalizedBody: body,
    },
    logIndex,
    integratedTime,
  };
}

/** The logged key must be this very certificate (cosign pkg/cosign/verify.go VerifyBundle). */
function checkLoggedCertificate(body: unknown, leaf: Uint8Array, what: string): void {
  const spec = jsonField(body, 'spec');
  const algorithm = jsonField(jsonField(jsonField(spec, 'data'), 'hash'), 'algorithm');
  if (algorithm !== 'sha256') {
    throw fail(
      'KEYLESS_TLOG_INVALID',
      `${what} records a ${String(algorithm)} digest; cosign logs the payload's sha256`,
    );
  }
  const content = jsonField(jsonField(jsonField(spec, 'signature'), 'publicKey'), 'content');
  let logged: Uint8Array | undefined;
  try {
    const pem = new TextDecoder().decode(decodeBase64(String(content), 'logged certificate'));
    logged = new X509Certificate(pem).raw;
  } catch {
    logged = undefined;
  }
  if (logged === undefined || !Buffer.from(logged).equals(Buffer.from(leaf))) {
    throw fail(
      'KEYLESS_TLOG_INVALID',
      `${what} records another certificate or key than the layer's signing certificate`,
    );
  }
}

/** cosign's `{"SignedRFC3161Timestamp":"<base64 DER>"}` annotation. */
function rfc3161(text: string, what: string): { signedTimestamp: string } {
  let value: unknown;
  try {
    value = jsonField(JSON.parse(text), 'SignedRFC3161Timestamp');
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw fail(
      'KEYLESS_LAYER_MALFORMED',
      `${what}: ${CosignAnnotation.Rfc3161Timestamp} is not {"SignedRFC3161Timestamp": base64}`,
    );
  }
  return { signedTimestamp: value };
}
