/**
 * A decision store that forwards each decision to a central `signet serve` (POST
 * /api/v1/decisions with a writer token), for webhooks in clusters that report to one
 * dashboard. It only writes: the webhook records and never reads, and reads belong to the
 * central server. Each request is bounded in time; the token is sent only in the header
 * and never appears in errors.
 */
import { request } from 'undici';
import { readPrefix } from '../core/http/bounded-body.js';
import { recordsError } from './errors.js';
import type { DecisionInput, DecisionStore } from './types.js';

/** A decision is answered once committed; 10 s covers a busy central database. */
const FORWARD_TIMEOUT_MS = 10_000;
/** The central server answers `{"id": "…"}`; anything longer is not its answer. */
const MAX_ANSWER_BYTES = 64 * 1024;

function body(input: DecisionInput): Record<string, unknown> {
  const { time, violations: _, durationMs: __, pipeline: ___, run: ____, ...rest } = input;
  return { ...rest, time: time.toISOString() };
}

export function forwardingDecisionStore(baseUrl: string, token: string): DecisionStore {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/decisions`;
  const readOnlyHere = () =>
    Promise.reject(
      recordsError(
        'RECORDS_QUERY_INVALID',
        `decisions are forwarded to ${baseUrl}; read them there (its API or dashboard)`,
      ),
    );
  return {
    async record(input) {
      let answer;
      try {
        answer = await request(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body(input)),
          headersTimeout: FORWARD_TIMEOUT_MS,
          bodyTimeout: FORWARD_TIMEOUT_MS,
        });
      } catch (error) {
        throw recordsError(
          'RECORDS_UNAVAILABLE',
          `cannot reach the Signet server ${baseUrl}: ${(error as Error).message}`,
          {
            temporary: true,
            cause: error,
          },
        );
      }
      const text = Buffer.from(await readPrefix(answer.body, MAX_ANSWER_BYTES)).toString('utf8');
      if (answer.statusCode !== 201) {
        let message = text.slice(0, 512);
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? message;
        } catch {
          // not JSON: keep the start of the text
        }
        throw recordsError(
          'RECORDS_UNAVAILABLE',
          `the Signet server ${baseUrl} refused a decision (${answer.statusCode}): ${message}`,
          {
            temporary: answer.statusCode >= 500,
          },
        );
      }
      return decisionId(text, baseUrl);
    },
    query: readOnlyHere,
    counts: readOnlyHere,
    decision: readOnlyHere,
    violations: readOnlyHere,
    violation: readOnlyHere,
    images: readOnlyHere,
    policyActivity: readOnlyHere,
    prune: readOnlyHere,
    close: () => Promise.resolve(),
  };
}

/** The id in the central server's `{"id": "…"}`; anything else is not its answer. */
function decisionId(text: string, baseUrl: string): number {
  let id: unknown;
  try {
    id = (JSON.parse(text) as { id?: unknown } | null)?.id;
  } catch {
    id = undefined;
  }
  const number = typeof id === 'string' || typeof id === 'number' ? Number(id) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw recordsError(
      'RECORDS_UNAVAILABLE',
      `the Signet server ${baseUrl} accepted a decision but did not answer its id ({"id": "…"}); is ${baseUrl} a Signet server?`,
    );
  }
  return number;
}
