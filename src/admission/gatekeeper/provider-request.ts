/**
 * Gatekeeper external data (open-policy-agent/gatekeeper website/docs/externaldata.md):
 * a ProviderRequest lists image keys. Keys may carry Ratify's `[namespace]` prefix, which is
 * accepted and ignored: policies here are cluster-wide. The request is attacker-influenced
 * (any image a user writes becomes a key), so its size is checked before its keys are read.
 *
 * Three kinds of answer: a body that is not a ProviderRequest is refused (HTTP 400); a
 * ProviderRequest whose key list cannot be served (too many keys, too much text, keys that
 * are not strings) is answered in the protocol, with `systemError`; a key that is a string
 * but no image reference gets an item with `error`, and the other keys are judged.
 */
import { admissionError } from '../errors.js';
import { isPlainObject, ProblemList } from '../review/index.js';

export const EXTERNAL_DATA_API_VERSIONS = [
  'externaldata.gatekeeper.sh/v1beta1',
  'externaldata.gatekeeper.sh/v1alpha1',
] as const;
export type ExternalDataApiVersion = (typeof EXTERNAL_DATA_API_VERSIONS)[number];

/** Keys per request: Gatekeeper sends one object's images per call, a few dozen at most. */
export const MAX_PROVIDER_KEYS = 256;
/** Text of all keys together; every key is echoed, and the answer stays under 64 KiB. */
export const MAX_PROVIDER_KEY_CHARS_TOTAL = 16 * 1024;
/** No image reference is longer (oci/reference/parse.ts), plus a `[namespace]` prefix. */
const MAX_KEY_CHARS = 1024 + 256;

export interface ProviderKey {
  readonly key: string;
  /** Why the key cannot be judged; absent for a key that names an image. */
  readonly problem?: string;
}

export type ProviderRequest =
  | { readonly apiVersion: ExternalDataApiVersion; readonly keys: readonly ProviderKey[] }
  /** A ProviderRequest that is answered with `systemError` and no items. */
  | { readonly apiVersion: ExternalDataApiVersion; readonly systemError: string };

export function parseProviderRequest(body: unknown): ProviderRequest {
  const problems = new ProblemList();
  if (!isPlainObject(body)) {
    problems.add('the body is not a JSON object');
    throw invalid(problems);
  }
  const apiVersion = body['apiVersion'];
  if (!EXTERNAL_DATA_API_VERSIONS.includes(apiVersion as ExternalDataApiVersion)) {
    problems.add(`apiVersion must be one of ${EXTERNAL_DATA_API_VERSIONS.join(', ')}`);
  }
  if (body['kind'] !== 'ProviderRequest') problems.add('kind must be "ProviderRequest"');
  if (problems.size > 0) throw invalid(problems);
  const version = apiVersion as ExternalDataApiVersion;
  const refuse = (systemError: string): ProviderRequest => ({ apiVersion: version, systemError });

  const request = body['request'];
  const keys = isPlainObject(request) ? request['keys'] : undefined;
  if (!Array.isArray(keys)) return refuse('request.keys must be a list of images');
  // Checked before any key is read: a crafted list may hold a million entries.
  if (keys.length > MAX_PROVIDER_KEYS) {
    return refuse(
      `request.keys has ${keys.length} entries; at most ${MAX_PROVIDER_KEYS} per request`,
    );
  }
  let totalChars = 0;
  keys.forEach((key: unknown, i) => {
    if (typeof key === 'string') totalChars += key.length;
    else problems.add(`request.keys[${i}] is not a string`);
  });
  if (problems.size > 0) return refuse(`malformed ProviderRequest: ${problems.toString()}`);
  if (totalChars > MAX_PROVIDER_KEY_CHARS_TOTAL) {
    return refuse(
      `request.keys hold ${totalChars} characters; at most ${MAX_PROVIDER_KEY_CHARS_TOTAL} per request`,
    );
  }
  return { apiVersion: version, keys: (keys as string[]).map(readKey) };
}

function readKey(key: string, i: number): ProviderKey {
  if (key === '') return { key, problem: `request.keys[${i}] is empty, not an image reference` };
  if (key.length > MAX_KEY_CHARS) {
    return {
      key,
      problem: `request.keys[${i}] has ${key.length} characters; no image reference has more than ${MAX_KEY_CHARS}`,
    };
  }
  return { key };
}

/** The image of a key: `[namespace]image` → `image`. */
export function imageOfKey(key: string): string {
  const match = /^\[[^\]]*\](.+)$/.exec(key);
  return match === null ? key : match[1]!;
}

function invalid(problems: ProblemList) {
  return admissionError(
    'ADMISSION_REVIEW_INVALID',
    `malformed Gatekeeper ProviderRequest: ${problems.toString()}`,
    { details: { problems: problems.list() } },
  );
}
