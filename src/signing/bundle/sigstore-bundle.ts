/**
 * Sigstore bundle JSON (sigstore/protobuf-specs protos/sigstore_bundle.proto, protobuf
 * JSON mapping: bytes as standard base64, empty fields omitted). Signet writes v0.3 with
 * a DSSE envelope and a public-key hint, as `cosign sign --key` (v3) does, and reads
 * v0.1–v0.3 so that bundles from other Sigstore clients are recognised.
 */
import { dsseEnvelopeFromJson, encodeDsseEnvelope, type DsseEnvelope } from '../../core/dsse.js';
import { describeError, errorFactory } from '../../core/errors.js';
import type { PublicKey } from '../../core/keys/index.js';
import { BUNDLE_ERRORS } from './errors.js';
import { isRecord, parseJsonObject } from './json-object.js';

const fail = errorFactory(BUNDLE_ERRORS);

export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const ACCEPTED_MEDIA_TYPES = new Set([
  BUNDLE_V03_MEDIA_TYPE,
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
]);

/** A keyed bundle is ~1 KiB, a keyless one with a chain and tlog entry ~10 KiB. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

/** How the bundle says its signer is identified; only `publicKey` can be trusted by key. */
export type BundleMaterial =
  { readonly kind: 'public-key'; readonly hint: string } | { readonly kind: 'certificate' };

export interface ParsedBundle {
  readonly mediaType: string;
  readonly material: BundleMaterial;
  /** Number of transparency-log entries; they are not verified here. */
  readonly tlogEntries: number;
  /** The entries as found (attacker-controlled JSON), for bundle-tlog.ts to verify. */
  readonly tlogEntryJson: readonly unknown[];
  readonly timestamps: number;
  /** The whole document as parsed (attacker-controlled), for verifiers that read it all. */
  readonly json: Readonly<Record<string, unknown>>;
  /** Undefined for a `messageSignature` bundle (a blob signature, not an attestation). */
  readonly envelope?: DsseEnvelope;
}

/**
 * The v0.3 bundle for a DSSE envelope signed by a key, with the transparency-log entries
 * (TransparencyLogEntry JSON, see tlog-entry-json.ts) recorded for it, if any.
 */
export function encodeDsseBundle(
  envelope: DsseEnvelope,
  keyHint: string,
  tlogEntries: readonly unknown[] = [],
): Uint8Array {
  // The protobuf JSON mapping leaves out empty fields, as cosign writes its bundles: no
  // empty `tlogEntries`, no empty DSSE `keyid`.
  const dsse = JSON.parse(encodeDsseEnvelope(envelope)) as {
    signatures: { keyid?: string; sig: string }[];
  };
  for (const signature of dsse.signatures) if (signature.keyid === '') delete signature.keyid;
  const bundle = {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      publicKey: { hint: keyHint },
      ...(tlogEntries.length === 0 ? {} : { tlogEntries }),
    },
    dsseEnvelope: dsse,
  };
  return new TextEncoder().encode(JSON.stringify(bundle));
}

/**
 * The public-key hint cosign v3 writes (internal/key/svkeypair.go): standard base64 of the
 * SHA-256 of the key's SubjectPublicKeyInfo. sigstore-js hands the hint to the caller's key
 * selector, so writing cosign's form lets one selector serve bundles from both tools.
 */
export function bundleKeyHint(publicKey: PublicKey): string {
  return Buffer.from(publicKey.keyId, 'hex').toString('base64');
}

/** Parses a bundle (attacker-controlled: every field is checked before use). */
export function parseSigstoreBundle(bytes: Uint8Array, what: string): ParsedBundle {
  const invalid = (problem: string, cause?: unknown) =>
    fail('SIGSTORE_BUNDLE_INVALID', `${what}: ${problem}`, cause === undefined ? {} : { cause });
  const doc = parseJsonObject(bytes, MAX_BUNDLE_BYTES, invalid);
  const { mediaType, verificationMaterial: vm, dsseEnvelope, messageSignature } = doc;
  if (typeof mediaType !== 'string' || !ACCEPTED_MEDIA_TYPES.has(mediaType)) {
    throw invalid(
      `mediaType ${JSON.stringify(String(mediaType).slice(0, 100))} is not a Sigstore bundle`,
    );
  }
  if (!isRecord(vm)) throw invalid('verificationMaterial must be an object');
  const material = materialOf(vm, invalid);
  const tlog = vm.tlogEntries ?? [];
  if (!Array.isArray(tlog)) throw invalid('verificationMaterial.tlogEntries must be an array');
  const timestamps = isRecord(vm.timestampVerificationData)
    ? arrayLength(vm.timestampVerificationData.rfc3161Timestamps)
    : 0;
  const base = {
    mediaType,
    material,
    tlogEntries: tlog.length,
    tlogEntryJson: tlog,
    timestamps,
    json: doc,
  };
  if (dsseEnvelope !== undefined) {
    if (!isRecord(dsseEnvelope)) throw invalid('dsseEnvelope must be an object');
    try {
      return { ...base, envelope: dsseEnvelopeFromJson(dsseEnvelope, `${what} dsseEnvelope`) };
    } catch (error) {
      throw invalid(describeError(error), error);
    }
  }
  if (!isRecord(messageSignature)) throw invalid('has neither dsseEnvelope nor messageSignature');
  return base;
}

function materialOf(
  vm: Record<string, unknown>,
  invalid: (problem: string) => Error,
): BundleMaterial {
  if (isRecord(vm.publicKey)) {
    const hint = vm.publicKey.hint ?? '';
    if (typeof hint !== 'string') throw invalid('verificationMaterial.publicKey.hint must be text');
    return { kind: 'public-key', hint };
  }
  if (isRecord(vm.certificate) || isRecord(vm.x509CertificateChain)) return { kind: 'certificate' };
  throw invalid('verificationMaterial has no publicKey, certificate or x509CertificateChain');
}

function arrayLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
