/**
 * The one reader of cosign's legacy Rekor bundle annotation `dev.sigstore.cosign/bundle`:
 * `{"SignedEntryTimestamp":"<b64>","Payload":{"body","integratedTime","logIndex","logID"}}`
 * (cosign pkg/cosign/bundle/rekor.go RekorBundle). The annotation is attacker-controlled:
 * every field is type-checked here; what the fields prove (the SET, the logged body) is
 * for the caller, which also words the problem in its own terms. Pure.
 */

export interface RekorBundleAnnotation {
  /** base64 SignedEntryTimestamp. */
  readonly set: string;
  /** base64 canonicalized entry body. */
  readonly body: string;
  readonly integratedTime: number;
  readonly logIndex: number;
  /** hex SHA-256 of the log's public key. */
  readonly logID: string;
}

/** Why an annotation was refused: not JSON, a missing string field, or a bad count. */
export type RekorBundleProblem = 'not-json' | 'missing-field' | 'not-a-count';

export function readRekorBundleAnnotation(
  text: string,
): { ok: true; bundle: RekorBundleAnnotation } | { ok: false; problem: RekorBundleProblem } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not-json' };
  }
  const set = jsonField(doc, 'SignedEntryTimestamp');
  const payload = jsonField(doc, 'Payload');
  const body = jsonField(payload, 'body');
  const integratedTime = jsonField(payload, 'integratedTime');
  const logIndex = jsonField(payload, 'logIndex');
  const logID = jsonField(payload, 'logID');
  if (typeof set !== 'string' || typeof body !== 'string' || typeof logID !== 'string')
    return { ok: false, problem: 'missing-field' };
  if (!isCount(integratedTime) || !isCount(logIndex)) return { ok: false, problem: 'not-a-count' };
  return { ok: true, bundle: { set, body, integratedTime, logIndex, logID } };
}

/** `value[name]` when `value` is a JSON object, else undefined. */
export function jsonField(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
