/**
 * Builds the statement bytes Signet signs. v1 (in-toto attestation spec v1) unless the
 * predicate is not a JSON object, which only v0.1 allows (cosign's `--type spdx` puts the
 * SPDX tag-value text there as a string).
 */
import { IN_TOTO_STATEMENT_V01, IN_TOTO_STATEMENT_V1, isRecord } from './statement.js';

export interface SubjectInput {
  readonly name?: string;
  /** `alg:hex`. */
  readonly digest: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The predicate type of a cosign v3 image signature (anchors B2, B3). */
export const SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

export function buildStatement(
  subjects: readonly SubjectInput[],
  predicateType: string,
  predicate: unknown,
): Uint8Array {
  const subject = subjects.map((s) => {
    const colon = s.digest.indexOf(':');
    const digest = { [s.digest.slice(0, colon)]: s.digest.slice(colon + 1) };
    const annotations = s.annotations ?? {};
    return {
      ...(s.name === undefined ? {} : { name: s.name }),
      digest,
      ...(Object.keys(annotations).length === 0 ? {} : { annotations: { ...annotations } }),
    };
  });
  return new TextEncoder().encode(
    JSON.stringify({
      _type: isRecord(predicate) ? IN_TOTO_STATEMENT_V1 : IN_TOTO_STATEMENT_V01,
      subject,
      predicateType,
      predicate,
    }),
  );
}

/** The statement bytes cosign v3 signs for `digest`; `-a k=v` annotations go on the subject. */
export function buildSignStatement(
  imageDigest: string,
  annotations: Readonly<Record<string, string>> = {},
): Uint8Array {
  return buildStatement([{ digest: imageDigest, annotations }], SIGN_PREDICATE_TYPE, {});
}
