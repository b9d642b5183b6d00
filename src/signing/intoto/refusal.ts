/**
 * Why a statement was not accepted, kept as data so that every reader (verify-attestation,
 * the policy engine, keyless subject checks) can say which envelope failed and on which
 * field instead of a bare "no attestation found".
 */
export type StatementRefusal =
  | { readonly reason: 'envelope'; readonly detail: string }
  | { readonly reason: 'payload-type'; readonly payloadType: string }
  | { readonly reason: 'too-large'; readonly bytes: number; readonly limit: number }
  | { readonly reason: 'not-json' }
  | { readonly reason: 'statement-type'; readonly type: string }
  | { readonly reason: 'field'; readonly field: string; readonly problem: string }
  | { readonly reason: 'signature' }
  | { readonly reason: 'predicate-type'; readonly predicateType: string; readonly wanted: string }
  | { readonly reason: 'subject'; readonly digest: string };

/** One line naming the field or value at fault; `what` names the envelope or file. */
export function describeRefusal(what: string, refusal: StatementRefusal): string {
  switch (refusal.reason) {
    case 'envelope':
      return `${what}: ${refusal.detail}`;
    case 'payload-type':
      return `${what}: payloadType ${quote(refusal.payloadType)} is not application/vnd.in-toto+json`;
    case 'too-large':
      return `${what}: statement is ${refusal.bytes} bytes, over the limit of ${refusal.limit}`;
    case 'not-json':
      return `${what}: statement is not UTF-8 JSON holding one object`;
    case 'statement-type':
      return `${what}: _type ${quote(refusal.type)} is not https://in-toto.io/Statement/v0.1 or v1`;
    case 'field':
      return `${what}: ${refusal.field} ${refusal.problem}`;
    case 'signature':
      return `${what}: no signature verifies with the key`;
    case 'predicate-type':
      return `${what}: predicateType is ${quote(refusal.predicateType)}, not ${quote(refusal.wanted)}`;
    case 'subject':
      return `${what}: no subject[].digest names ${refusal.digest}`;
  }
}

/** Attacker-chosen text, quoted and cut so it cannot flood a message. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}
