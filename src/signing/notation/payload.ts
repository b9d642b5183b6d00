/**
 * The signed payload of a Notary Project signature (`application/vnd.cncf.notary.payload.v1+json`):
 * `{"targetArtifact": <OCI descriptor>}`, the descriptor of the signed manifest. Parsing is
 * strict about the fields verification relies on (digest, size, media type); annotations,
 * when present, must be strings.
 */
import { isDigest } from '../../core/digest.js';
import { notationError } from './errors.js';

export const PAYLOAD_CONTENT_TYPE = 'application/vnd.cncf.notary.payload.v1+json';
export const NOTARY_SIGNATURE_ARTIFACT_TYPE = 'application/vnd.cncf.notary.signature';

export interface TargetArtifact {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
}

export function encodePayload(target: TargetArtifact): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      targetArtifact: {
        ...(target.annotations === undefined ? {} : { annotations: target.annotations }),
        digest: target.digest,
        mediaType: target.mediaType,
        size: target.size,
      },
    }),
  );
}

export function parsePayload(bytes: Uint8Array, what: string): TargetArtifact {
  const fail = (problem: string) =>
    notationError('NOTATION_ENVELOPE_INVALID', `the payload of ${what} ${problem}`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw fail('is not JSON');
  }
  const target = (doc as { targetArtifact?: unknown } | null)?.targetArtifact;
  if (typeof target !== 'object' || target === null || Array.isArray(target))
    throw fail('has no targetArtifact descriptor');
  const t = target as Record<string, unknown>;
  if (typeof t.digest !== 'string' || !isDigest(t.digest)) throw fail('has no valid digest');
  if (typeof t.mediaType !== 'string' || t.mediaType === '') throw fail('has no mediaType');
  if (typeof t.size !== 'number' || !Number.isSafeInteger(t.size) || t.size < 0)
    throw fail('has no valid size');
  let annotations: Record<string, string> | undefined;
  if (t.annotations !== undefined) {
    if (typeof t.annotations !== 'object' || t.annotations === null)
      throw fail('has bad annotations');
    annotations = {};
    for (const [k, v] of Object.entries(t.annotations)) {
      if (typeof v !== 'string') throw fail(`has a non-text annotation ${k}`);
      annotations[k] = v;
    }
  }
  return {
    mediaType: t.mediaType,
    digest: t.digest,
    size: t.size,
    ...(annotations === undefined ? {} : { annotations }),
  };
}
