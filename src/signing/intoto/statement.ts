/**
 * in-toto Statement v0.1 and v1 (in-toto/attestation spec/v1/statement.md, and
 * spec/v0.1.0/README.md), read from attacker-controlled bytes:
 * `{_type, subject:[{name?, digest:{alg: hex}, annotations?}], predicateType, predicate?}`.
 * Both versions have this layout; v1 requires the predicate, when present, to be an
 * object, while v0.1 producers (cosign `--type spdx`) also put a bare string there.
 */
import type { StatementRefusal } from './refusal.js';
import { checkDigestSet } from './digest-set.js';

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';

/**
 * Bound on a statement read for an attestation: SBOM predicates run to megabytes
 * (registry evidence reads envelopes up to 16 MiB), beyond this is hostile.
 */
export const MAX_STATEMENT_BYTES = 16 * 1024 * 1024;
/** Subjects per statement; a build names a handful of artifacts, a release a few hundred. */
export const MAX_SUBJECTS = 4096;

export interface StatementSubject {
  readonly name?: string;
  readonly digest: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, unknown>>;
}

export interface InTotoStatement {
  readonly type: typeof IN_TOTO_STATEMENT_V1 | typeof IN_TOTO_STATEMENT_V01;
  readonly subjects: readonly StatementSubject[];
  readonly predicateType: string;
  readonly predicate: unknown;
  /** The statement as parsed JSON: what CEL conditions and `--output json` see. */
  readonly json: Readonly<Record<string, unknown>>;
}

export type StatementRead =
  | { readonly ok: true; readonly statement: InTotoStatement }
  | { readonly ok: false; readonly refusal: StatementRefusal };

export function readStatement(bytes: Uint8Array, maxBytes = MAX_STATEMENT_BYTES): StatementRead {
  if (bytes.length > maxBytes)
    return refused({ reason: 'too-large', bytes: bytes.length, limit: maxBytes });
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refused({ reason: 'not-json' });
  }
  if (!isRecord(doc)) return refused({ reason: 'not-json' });
  return statementFromJson(doc);
}

/** A statement already parsed as JSON (a predicate file given with `--statement`). */
export function statementFromJson(doc: Readonly<Record<string, unknown>>): StatementRead {
  const { _type, subject, predicateType, predicate } = doc;
  if (_type !== IN_TOTO_STATEMENT_V1 && _type !== IN_TOTO_STATEMENT_V01)
    return refused({ reason: 'statement-type', type: String(_type) });
  const field = (name: string, problem: string) =>
    refused({ reason: 'field', field: name, problem });
  if (typeof predicateType !== 'string' || predicateType === '')
    return field('predicateType', 'must be a non-empty string');
  if (_type === IN_TOTO_STATEMENT_V1 && predicate !== undefined && !isRecord(predicate))
    return field('predicate', 'must be a JSON object in a v1 statement');
  if (!Array.isArray(subject) || subject.length === 0)
    return field('subject', 'must be a non-empty array');
  if (subject.length > MAX_SUBJECTS)
    return field('subject', `has ${subject.length} entries, over the limit of ${MAX_SUBJECTS}`);
  const subjects: StatementSubject[] = [];
  for (const [index, entry] of subject.entries()) {
    const at = `subject[${index}]`;
    if (!isRecord(entry)) return field(at, 'must be an object');
    if (entry.name !== undefined && typeof entry.name !== 'string')
      return field(`${at}.name`, 'must be a string');
    const digestProblem = checkDigestSet(entry.digest);
    if (digestProblem !== undefined)
      return field(`${at}.digest${digestProblem.path}`, digestProblem.problem);
    const annotations = entry.annotations ?? {};
    if (!isRecord(annotations)) return field(`${at}.annotations`, 'must be an object');
    subjects.push({
      ...(typeof entry.name === 'string' ? { name: entry.name } : {}),
      digest: entry.digest as Record<string, string>,
      annotations,
    });
  }
  return { ok: true, statement: { type: _type, subjects, predicateType, predicate, json: doc } };
}

/**
 * The subject naming `digest` (`alg:hex`), compared in lowercase hex as digests are
 * written; undefined when none does.
 */
export function subjectFor(
  statement: Pick<InTotoStatement, 'subjects'>,
  digest: string,
): StatementSubject | undefined {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1).toLowerCase();
  return statement.subjects.find((s) => s.digest[algorithm]?.toLowerCase() === hex);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refused(refusal: StatementRefusal): StatementRead {
  return { ok: false, refusal };
}
