/**
 * in-toto Statement v1 (in-toto/attestation spec/v1/statement.md), as cosign v3 signs an
 * image: `{_type, subject:[{digest:{sha256}, annotations?}], predicateType, predicate}`
 * with predicateType `https://sigstore.dev/cosign/sign/v1` and an empty predicate.
 */
import { errorFactory } from '../../core/errors.js';
import { parseDigest } from '../../core/digest.js';
import { BUNDLE_ERRORS } from './errors.js';
import { isRecord, parseJsonObject } from './json-object.js';

const fail = errorFactory(BUNDLE_ERRORS);

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** v0.1 statements are still produced by older tools; their layout is the same. */
export const IN_TOTO_STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';
/** The predicate type of a cosign v3 image signature (anchors B2, B3). */
export const SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

/** Statements are small; SBOM attestations, which can be large, are not read here. */
export const MAX_STATEMENT_BYTES = 1024 * 1024;

export interface StatementSubject {
  readonly name?: string;
  readonly digest: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, unknown>>;
}

export interface InTotoStatement {
  readonly type: string;
  readonly subjects: readonly StatementSubject[];
  readonly predicateType: string;
  readonly predicate: unknown;
}

/** The statement bytes cosign v3 signs for `digest`; `-a k=v` annotations go on the subject. */
export function buildSignStatement(
  imageDigest: string,
  annotations: Readonly<Record<string, string>> = {},
): Uint8Array {
  const { algorithm, hex } = parseDigest(imageDigest);
  const subject =
    Object.keys(annotations).length === 0
      ? { digest: { [algorithm]: hex } }
      : { digest: { [algorithm]: hex }, annotations: { ...annotations } };
  return new TextEncoder().encode(
    JSON.stringify({
      _type: IN_TOTO_STATEMENT_V1,
      subject: [subject],
      predicateType: SIGN_PREDICATE_TYPE,
      predicate: {},
    }),
  );
}

/** Parses a statement (attacker-controlled until its envelope signature is checked). */
export function parseStatement(bytes: Uint8Array, what: string): InTotoStatement {
  const invalid = (problem: string) => fail('IN_TOTO_STATEMENT_INVALID', `${what}: ${problem}`);
  const { _type, subject, predicateType, predicate } = parseJsonObject(
    bytes,
    MAX_STATEMENT_BYTES,
    invalid,
  );
  if (_type !== IN_TOTO_STATEMENT_V1 && _type !== IN_TOTO_STATEMENT_V01) {
    throw invalid(
      `_type ${JSON.stringify(String(_type).slice(0, 100))} is not an in-toto Statement`,
    );
  }
  if (typeof predicateType !== 'string' || predicateType === '')
    throw invalid('predicateType must be a non-empty string');
  if (!Array.isArray(subject) || subject.length === 0)
    throw invalid('subject must be a non-empty array');
  const subjects = subject.map((entry: unknown, index): StatementSubject => {
    if (!isRecord(entry) || !isRecord(entry.digest))
      throw invalid(`subject[${index}].digest must be an object`);
    const digest: Record<string, string> = {};
    for (const [name, value] of Object.entries(entry.digest)) {
      if (typeof value !== 'string') throw invalid(`subject[${index}].digest.${name} must be text`);
      digest[name] = value;
    }
    const annotations = entry.annotations ?? {};
    if (!isRecord(annotations)) throw invalid(`subject[${index}].annotations must be an object`);
    return {
      ...(typeof entry.name === 'string' ? { name: entry.name } : {}),
      digest,
      annotations,
    };
  });
  return { type: _type, subjects, predicateType, predicate };
}

/** The subject naming `imageDigest` (compared in lowercase hex, as digests are written). */
export function subjectFor(
  statement: InTotoStatement,
  imageDigest: string,
): StatementSubject | undefined {
  const { algorithm, hex } = parseDigest(imageDigest);
  return statement.subjects.find((s) => s.digest[algorithm]?.toLowerCase() === hex);
}
