/**
 * Everything signed about one image digest, in both layouts: the layers of the legacy
 * `.sig` manifest and the Sigstore bundles attached as referrers. The same object is
 * fetched from a registry or read back from `signet download signature` output, so
 * verification works offline on exactly what was downloaded.
 */
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { isDigest } from '../../core/digest.js';
import { describeError, errorFactory } from '../../core/errors.js';
import type { SignatureLayer } from '../cosign/index.js';
import { parseCosignSignatureLines } from './cosign-signature-lines.js';
import { SIGNATURE_STORE_ERRORS } from './errors.js';

const fail = errorFactory(SIGNATURE_STORE_ERRORS);

export interface LegacySignatures {
  /** `registry/repo:sha256-<hex>.sig` */
  readonly reference: string;
  readonly manifestDigest: string;
  readonly layers: readonly SignatureLayer[];
}

export interface BundleSignature {
  /** Where the referrer manifest is: `registry/repo@sha256:…`. */
  readonly reference: string;
  readonly manifestDigest: string;
  /** The bundle JSON bytes; empty when they could not be read (see `problem`). */
  readonly bytes: Uint8Array;
  readonly problem?: string;
}

export interface SignatureSet {
  readonly imageDigest: string;
  readonly legacy?: LegacySignatures;
  readonly bundles: readonly BundleSignature[];
  /** Things that could not be read, said for people (a missing blob, a malformed referrer). */
  readonly problems: readonly string[];
}

const FORMAT = 'signet.signature-set/v1';

export function encodeSignatureSet(set: SignatureSet): string {
  return JSON.stringify(
    {
      format: FORMAT,
      imageDigest: set.imageDigest,
      legacy:
        set.legacy === undefined
          ? null
          : {
              reference: set.legacy.reference,
              manifestDigest: set.legacy.manifestDigest,
              layers: set.legacy.layers.map((l) => ({
                mediaType: l.mediaType,
                payload: encodeBase64(l.payload),
                annotations: l.annotations,
              })),
            },
      bundles: set.bundles.map((b) => ({
        reference: b.reference,
        manifestDigest: b.manifestDigest,
        bundle: encodeBase64(b.bytes),
        ...(b.problem === undefined ? {} : { problem: b.problem }),
      })),
      problems: set.problems,
    },
    null,
    2,
  );
}

/** Parses a downloaded set (a file a user hands us: checked field by field). */
export function parseSignatureSet(text: string, source: string): SignatureSet {
  const invalid = (problem: string) =>
    fail(
      'SIGNATURE_SET_INVALID',
      `${source}: ${problem}; write it with \`signet download signature IMAGE\``,
    );
  let doc: Record<string, unknown>;
  try {
    doc = record(JSON.parse(text), 'document');
    if (doc.format !== FORMAT) throw new Error(`format must be "${FORMAT}"`);
    const imageDigest = doc.imageDigest;
    if (typeof imageDigest !== 'string' || !isDigest(imageDigest))
      throw new Error('imageDigest must be a digest');
    const legacy =
      doc.legacy === null || doc.legacy === undefined
        ? undefined
        : legacyOf(record(doc.legacy, 'legacy'));
    const bundles = list(doc.bundles, 'bundles').map((b, i) =>
      bundleOf(record(b, `bundles[${i}]`), i),
    );
    const problems = list(doc.problems ?? [], 'problems').map((p) => String(p));
    return { imageDigest, ...(legacy === undefined ? {} : { legacy }), bundles, problems };
  } catch (error) {
    throw invalid(describeError(error));
  }
}

/**
 * A signature file for `imageDigest`, in either form `download signature` writes: cosign's
 * lines (one bundle or SignedPayload per line, which do not name the image, so the digest
 * comes from the caller) or Signet's signature set (which does, and must match).
 */
export function parseSignatureFile(
  text: string,
  source: string,
  imageDigest: string,
): SignatureSet {
  if (isSignetSet(text)) {
    const set = parseSignatureSet(text, source);
    if (set.imageDigest !== imageDigest)
      throw fail(
        'SIGNATURE_SET_INVALID',
        `${source} holds signatures for ${set.imageDigest}, not for ${imageDigest}`,
      );
    return set;
  }
  try {
    return parseCosignSignatureLines(text, imageDigest, source);
  } catch (error) {
    throw fail(
      'SIGNATURE_SET_INVALID',
      `${source}: ${describeError(error)}; write it with \`signet download signature IMAGE\` or \`cosign download signature IMAGE\``,
    );
  }
}

function isSignetSet(text: string): boolean {
  try {
    const doc = JSON.parse(text) as unknown;
    return typeof doc === 'object' && doc !== null && 'format' in doc;
  } catch {
    return false;
  }
}

function legacyOf(doc: Record<string, unknown>): LegacySignatures {
  const layers = list(doc.layers, 'legacy.layers').map((entry, i) => {
    const l = record(entry, `legacy.layers[${i}]`);
    const annotations = record(l.annotations ?? {}, `legacy.layers[${i}].annotations`);
    if (Object.values(annotations).some((v) => typeof v !== 'string'))
      throw new Error(`legacy.layers[${i}].annotations must be text`);
    return {
      mediaType: text(l.mediaType, `legacy.layers[${i}].mediaType`),
      payload: decodeBase64(
        text(l.payload, `legacy.layers[${i}].payload`),
        `legacy.layers[${i}].payload`,
      ),
      annotations: annotations as Record<string, string>,
    };
  });
  return {
    reference: text(doc.reference, 'legacy.reference'),
    manifestDigest: text(doc.manifestDigest, 'legacy.manifestDigest'),
    layers,
  };
}

function bundleOf(doc: Record<string, unknown>, i: number): BundleSignature {
  return {
    reference: text(doc.reference, `bundles[${i}].reference`),
    manifestDigest: text(doc.manifestDigest, `bundles[${i}].manifestDigest`),
    bytes: decodeBase64(text(doc.bundle, `bundles[${i}].bundle`), `bundles[${i}].bundle`),
    ...(typeof doc.problem === 'string' ? { problem: doc.problem } : {}),
  };
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${path} must be an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${path} must be an array`);
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Error(`${path} must be a string`);
  return value;
}
