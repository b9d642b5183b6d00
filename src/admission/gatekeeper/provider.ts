/**
 * Gatekeeper external data (open-policy-agent/gatekeeper website/docs/externaldata.md):
 * a ProviderRequest lists image keys, the ProviderResponse has one item per key. Keys may
 * carry Ratify's `[namespace]` prefix, which is accepted and ignored: policies here are
 * cluster-wide. The request is attacker-influenced (any image a user writes becomes a key).
 */
import { admissionError } from '../errors.js';
import type { ImageJudgement } from '../decide/index.js';
import { isPlainObject } from '../review/index.js';

export const EXTERNAL_DATA_API_VERSIONS = [
  'externaldata.gatekeeper.sh/v1beta1',
  'externaldata.gatekeeper.sh/v1alpha1',
] as const;
export type ExternalDataApiVersion = (typeof EXTERNAL_DATA_API_VERSIONS)[number];

/** Keys per request: Gatekeeper batches a workload's images, a few dozen at most. */
export const MAX_PROVIDER_KEYS = 256;
const MAX_KEY_LENGTH = 1024;

export interface ProviderRequest {
  readonly apiVersion: ExternalDataApiVersion;
  readonly keys: readonly string[];
}

export interface ProviderItem {
  readonly key: string;
  readonly value?: unknown;
  readonly error?: string;
}

export interface ProviderResponse {
  readonly apiVersion: ExternalDataApiVersion;
  readonly kind: 'ProviderResponse';
  readonly response: {
    /** Verification has no side effects; Gatekeeper requires this for mutation providers. */
    readonly idempotent: true;
    readonly items: readonly ProviderItem[];
    readonly systemError?: string;
  };
}

export function parseProviderRequest(body: unknown): ProviderRequest {
  const problems: string[] = [];
  if (!isPlainObject(body)) throw invalid(['the body is not a JSON object']);
  const apiVersion = body['apiVersion'];
  if (!EXTERNAL_DATA_API_VERSIONS.includes(apiVersion as ExternalDataApiVersion)) {
    problems.push(`apiVersion must be one of ${EXTERNAL_DATA_API_VERSIONS.join(', ')}`);
  }
  if (body['kind'] !== 'ProviderRequest') problems.push('kind must be "ProviderRequest"');
  const request = body['request'];
  const keys = isPlainObject(request) ? request['keys'] : undefined;
  if (!Array.isArray(keys)) {
    problems.push('request.keys must be a list of images');
  } else {
    if (keys.length > MAX_PROVIDER_KEYS)
      problems.push(`request.keys has ${keys.length} entries; at most ${MAX_PROVIDER_KEYS}`);
    keys.forEach((key: unknown, i) => {
      if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) {
        problems.push(`request.keys[${i}] is not an image reference string`);
      }
    });
  }
  if (problems.length > 0) throw invalid(problems);
  return { apiVersion: apiVersion as ExternalDataApiVersion, keys: keys as string[] };
}

/** The image of a key: `[namespace]image` → `image`. */
export function imageOfKey(key: string): string {
  const match = /^\[[^\]]*\](.+)$/.exec(key);
  return match === null ? key : match[1]!;
}

/**
 * Items carry the verdict as `value`; `error` is set when the image could not be judged
 * (bad reference, registry unreachable, deadline), which Gatekeeper surfaces separately.
 */
export function providerResponse(
  apiVersion: ExternalDataApiVersion,
  keys: readonly string[],
  judgements: readonly ImageJudgement[],
): ProviderResponse {
  const items = keys.map((key, i): ProviderItem => {
    const j = judgements[i]!;
    const value = {
      isSuccess: j.allowed,
      image: j.image,
      ...(j.digest === undefined ? {} : { digest: j.digest }),
      matchedPolicies: j.matchedPolicies,
      denials: j.denials,
      warnings: j.warnings,
    };
    const failedToJudge =
      j.source === 'invalid-reference' || j.source === 'unresolved' || j.source === 'deadline';
    return failedToJudge ? { key, value, error: j.denials.join('; ') } : { key, value };
  });
  return { apiVersion, kind: 'ProviderResponse', response: { idempotent: true, items } };
}

export function providerSystemError(
  apiVersion: ExternalDataApiVersion,
  message: string,
): ProviderResponse {
  return {
    apiVersion,
    kind: 'ProviderResponse',
    response: { idempotent: true, items: [], systemError: message },
  };
}

function invalid(problems: readonly string[]) {
  return admissionError(
    'ADMISSION_REVIEW_INVALID',
    `malformed Gatekeeper ProviderRequest: ${problems.join('; ')}`,
    {
      details: { problems },
    },
  );
}
