/**
 * The manifest digest a simple signature signs, as containers/image computes it
 * (internal/manifest/manifest.go `Digest`): sha256 of the bytes, except for a *signed*
 * Docker schema 1 manifest, whose digest covers the payload with its JWS "signatures"
 * block removed (docker/libtrust jsonsign.go `ParsePrettySignature`): the first
 * `formatLength` bytes followed by the base64url-decoded `formatTail`, both taken from
 * every signature's protected header, which must agree.
 *
 * The manifest is attacker-controlled. A wrong guess of the format only ever produces a
 * digest that no signature matches (a false rejection), never a digest of other bytes.
 */
import { decodeBase64Url } from '../../core/base64.js';
import { digestOf } from '../../core/digest.js';
import { gpgError } from './errors.js';

/** Media types that containers/image takes at their word without looking further (GuessMIMEType). */
const DECLARED_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

export function containersManifestDigest(manifest: Uint8Array, what = 'manifest'): string {
  const doc = parseObject(manifest);
  if (doc === undefined || !isSignedSchema1(doc)) return digestOf(manifest);
  return digestOf(schema1Payload(manifest, doc.signatures, what));
}

function parseObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** GuessMIMEType: a declared modern type wins; otherwise schemaVersion 1 with any non-null `signatures`. */
function isSignedSchema1(doc: Record<string, unknown>): doc is { signatures: unknown } {
  if (typeof doc.mediaType === 'string' && DECLARED_TYPES.has(doc.mediaType)) return false;
  return doc.schemaVersion === 1 && doc.signatures !== undefined && doc.signatures !== null;
}

function schema1Payload(manifest: Uint8Array, signatures: unknown, what: string): Uint8Array {
  const invalid = (problem: string) =>
    gpgError(
      'GPG_MANIFEST_INVALID',
      `${what} is a signed Docker schema 1 manifest whose digest cannot be computed: ${problem}`,
    );
  if (!Array.isArray(signatures) || signatures.length === 0) {
    throw invalid('"signatures" is not a non-empty array of JWS signatures');
  }
  let format: { length: number; tail: Uint8Array } | undefined;
  for (const [index, signature] of signatures.entries()) {
    const protectedHeader = (signature as { protected?: unknown } | null)?.protected;
    if (typeof protectedHeader !== 'string')
      throw invalid(`signature ${index + 1} has no protected header`);
    let header: { formatLength?: unknown; formatTail?: unknown };
    try {
      header = JSON.parse(
        Buffer.from(decodeBase64Url(protectedHeader, 'protected header')).toString('utf8'),
      ) as typeof header;
    } catch {
      throw invalid(`signature ${index + 1} has a protected header that is not base64url JSON`);
    }
    const { formatLength, formatTail } = header ?? {};
    if (
      typeof formatLength !== 'number' ||
      !Number.isSafeInteger(formatLength) ||
      formatLength < 0
    ) {
      throw invalid(`signature ${index + 1} has no valid formatLength`);
    }
    if (typeof formatTail !== 'string') throw invalid(`signature ${index + 1} has no formatTail`);
    let tail: Uint8Array;
    try {
      tail = decodeBase64Url(formatTail, 'formatTail');
    } catch {
      throw invalid(`signature ${index + 1} has a formatTail that is not base64url`);
    }
    if (format === undefined) format = { length: formatLength, tail };
    else if (format.length !== formatLength || !Buffer.from(format.tail).equals(tail)) {
      throw invalid('its signatures disagree on the signed format');
    }
  }
  if (format === undefined || format.length > manifest.byteLength) {
    throw invalid('formatLength exceeds the manifest');
  }
  return Buffer.concat([manifest.subarray(0, format.length), format.tail]);
}
