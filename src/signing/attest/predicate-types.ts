/**
 * cosign's `--type` names and what each does to the predicate file
 * (cmd/cosign/cli/options/predicate.go, pkg/cosign/attestation/attestation.go):
 * `custom` wraps the file's text as `{Data, Timestamp}`; `spdx` keeps the SPDX tag-value
 * text as a string; every other name, and any URI, needs a JSON object.
 */
import { errorFactory } from '../../core/errors.js';
import { isRecord } from '../intoto/index.js';
import { ATTEST_ERRORS } from './errors.js';
import { checkPredicate } from './predicate-check.js';
import { describeRefusal } from '../intoto/index.js';
import { PREDICATE_TYPES, predicateTypeOfShortName } from './cosign-predicate-names.js';

const fail = errorFactory(ATTEST_ERRORS);

/**
 * A predicate file's bound: SBOMs of large images reach several MiB; 8 MiB keeps the
 * signed envelope (base64, about 4/3 larger) under the 16 MiB readers accept.
 */
export const MAX_PREDICATE_BYTES = 8 * 1024 * 1024;

/** The predicate type URI `--type` names. */
export function predicateTypeUri(type: string): string {
  const named = predicateTypeOfShortName(type);
  if (named !== undefined) return named;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(type) && type.length <= 2048) return type;
  throw fail(
    'PREDICATE_TYPE_UNKNOWN',
    `--type ${JSON.stringify(type.slice(0, 100))} is neither a URI nor one of ${Object.keys(PREDICATE_TYPES).join(', ')}`,
  );
}

/**
 * The predicate value for the file's bytes under `type`, checked against the schema of
 * its type when Signet knows it (SLSA provenance v1). `what` names the file.
 */
export function predicateFromFile(
  type: string,
  bytes: Uint8Array,
  what: string,
  now: Date = new Date(),
): unknown {
  if (bytes.length > MAX_PREDICATE_BYTES)
    throw fail(
      'PREDICATE_INVALID',
      `${what} is ${bytes.length} bytes, over the limit of ${MAX_PREDICATE_BYTES}`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw fail('PREDICATE_INVALID', `${what} is not UTF-8 text`, { cause: error });
  }
  if (type === 'custom')
    return { Data: text, Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  if (type === 'spdx') return text;
  let predicate: unknown;
  try {
    predicate = JSON.parse(text);
  } catch (error) {
    throw fail('PREDICATE_INVALID', `${what} is not JSON, which --type ${type} needs`, {
      cause: error,
    });
  }
  if (!isRecord(predicate))
    throw fail('PREDICATE_INVALID', `${what}: a ${type} predicate must be a JSON object`);
  const refusal = checkPredicate(predicateTypeUri(type), predicate);
  if (refusal !== undefined) throw fail('PREDICATE_INVALID', describeRefusal(what, refusal));
  return predicate;
}
