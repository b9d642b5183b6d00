/**
 * The ProviderResponse: one item per key, in the order of the keys, bounded. Items carry the
 * verdict as `value`; `error` is set when the image could not be judged (bad reference,
 * registry unreachable, deadline), which Gatekeeper surfaces separately. Every key is echoed
 * (Gatekeeper matches items to keys by it), so the answer is kept under MAX_ANSWER_BYTES by
 * shortening values: first each message and list, then every value to its verdict and
 * first denial, then to its verdict alone (the error still says why); an answer that cannot fit even then is a `systemError`.
 */
import type { ImageJudgement } from '../decide/index.js';
import { MAX_ANSWER_BYTES, truncate } from '../review/index.js';
import type { ExternalDataApiVersion } from './provider-request.js';

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

/** How much of each judgement an item shows. */
interface Detail {
  /** Denials and warnings listed in the value; 0 leaves the lists out. */
  readonly messages: number;
  readonly messageChars: number;
  readonly policies: number;
  readonly image: boolean;
  readonly digest: boolean;
}

const FULL: Detail = { messages: 5, messageChars: 512, policies: 16, image: true, digest: true };
const COMPACT: Detail = { messages: 1, messageChars: 160, policies: 0, image: false, digest: true };
/** 256 keys of 16 KiB in all still fit: about 100 bytes per item besides its key. */
const MINIMAL: Detail = { messages: 0, messageChars: 40, policies: 0, image: false, digest: false };

export function providerResponse(
  apiVersion: ExternalDataApiVersion,
  keys: readonly string[],
  judgements: readonly ImageJudgement[],
): ProviderResponse {
  for (const detail of [FULL, COMPACT, MINIMAL]) {
    const items = keys.map((key, i) => item(key, judgements[i]!, detail));
    const answer: ProviderResponse = {
      apiVersion,
      kind: 'ProviderResponse',
      response: { idempotent: true, items },
    };
    if (Buffer.byteLength(JSON.stringify(answer)) < MAX_ANSWER_BYTES) return answer;
  }
  return providerSystemError(
    apiVersion,
    `the answer for ${keys.length} keys would exceed ${MAX_ANSWER_BYTES} bytes; send fewer keys per request`,
  );
}

function item(key: string, j: ImageJudgement, detail: Detail): ProviderItem {
  const messages = (list: readonly string[], count: number) => {
    const shown = list.slice(0, count).map((m) => truncate(m, detail.messageChars));
    return list.length > count ? [...shown, `and ${list.length - count} more`] : shown;
  };
  const value = {
    isSuccess: j.allowed,
    ...(detail.image ? { image: truncate(j.image, 1024) } : {}),
    ...(detail.digest && j.digest !== undefined ? { digest: j.digest } : {}),
    ...(detail.policies > 0
      ? { matchedPolicies: j.matchedPolicies.slice(0, detail.policies) }
      : {}),
    ...(detail.messages > 0
      ? {
          denials: messages(j.denials, detail.messages),
          warnings: messages(j.warnings, detail.messages),
        }
      : {}),
  };
  const failedToJudge =
    j.source === 'invalid-reference' || j.source === 'unresolved' || j.source === 'deadline';
  if (!failedToJudge) return { key, value };
  return { key, value, error: messages(j.denials, Math.max(1, detail.messages)).join('; ') };
}

export function providerSystemError(
  apiVersion: ExternalDataApiVersion,
  message: string,
): ProviderResponse {
  return {
    apiVersion,
    kind: 'ProviderResponse',
    response: { idempotent: true, items: [], systemError: truncate(message, 1024) },
  };
}
