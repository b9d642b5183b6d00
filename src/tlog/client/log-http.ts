/**
 * The HTTP channel of the transparency-log client: one undici Agent (keep-alive pool) per
 * client, per-request timeouts, bounded bodies, and retries of failures that may pass
 * (network errors, 429 and 5xx), with the backoff and Retry-After rules of the registry
 * transport. Retrying POST /api/v1/log/entries is safe: an entry already in the log is
 * answered with 409 and its location (reference section 1.1), never recorded twice.
 */
import { Agent } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  headerValue,
  parseRetryAfterMs,
  realRetryEnvironment,
  redactUrl,
  sanitizeServerText,
  type RetryEnvironment,
  type RetryPolicy,
} from '../../oci/transport/index.js';
import { describeError } from '../../core/errors.js';
import { readBounded, readPrefix } from '../../core/http/bounded-body.js';
import { tlogClientError } from './errors.js';

export interface LogHttpOptions {
  /**
   * Per request (connect, headers, each body gap). 30 s: Rekor v1 answers a write once the
   * entry is sequenced (about one batch interval), rekor-tiles asks clients for at least 20 s.
   */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly retryEnvironment?: RetryEnvironment;
  /** Connections per log; 8 as the registry client, raise it for load generators. */
  readonly connections?: number;
  readonly userAgent?: string;
  /**
   * Sent as `Authorization: Bearer <token>` to a log that restricts writes
   * (`signet serve tlog --write-token-file`). A secret: never logged or put in messages.
   */
  readonly bearerToken?: string;
  /** For a log served over TLS: extra CAs to trust, and a client certificate to write with. */
  readonly tls?: LogTlsOptions;
}

export interface LogTlsOptions {
  readonly caPem?: string;
  readonly certificatePem?: string;
  readonly privateKeyPem?: string;
}

export interface LogResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly bytes: Uint8Array;
}

/** First bytes of an error body worth reading: Rekor's `{code, message}` is far smaller. */
const MAX_ERROR_BODY_BYTES = 4096;

export class LogHttp {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly env: RetryEnvironment;

  constructor(
    readonly baseUrl: URL,
    private readonly options: LogHttpOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.env = options.retryEnvironment ?? realRetryEnvironment;
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: options.connections ?? 8,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect: {
        timeout: this.timeoutMs,
        ...(options.tls?.caPem === undefined ? {} : { ca: options.tls.caPem }),
        ...(options.tls?.certificatePem === undefined
          ? {}
          : { cert: options.tls.certificatePem, key: options.tls.privateKeyPem }),
      },
    });
  }

  /**
   * Sends a request and returns any final answer below 500 other than 429, with its body
   * read up to `limit` bytes (statuses of 400 and above: the first 4 KiB). `what` names
   * the request in messages.
   */
  async send(
    method: 'GET' | 'POST',
    path: string,
    what: string,
    limit: number,
    body?: unknown,
  ): Promise<LogResponse> {
    const url = new URL(this.baseUrl.pathname.replace(/\/$/, '') + path, this.baseUrl);
    const payload = body === undefined ? null : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let headers: IncomingHttpHeaders;
      let responseBody;
      try {
        const response = await this.agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method,
          headers: {
            accept: 'application/json',
            'user-agent': this.options.userAgent ?? 'signet-tlog-client',
            ...(payload === null ? {} : { 'content-type': 'application/json' }),
            ...(this.options.bearerToken === undefined
              ? {}
              : { authorization: `Bearer ${this.options.bearerToken}` }),
          },
          body: payload,
        });
        ({ statusCode: status, headers, body: responseBody } = response);
      } catch (error) {
        const decision = decideRetry(attempt, undefined, this.retry, this.env.random);
        if (decision.retry) {
          await this.env.sleep(decision.delayMs);
          continue;
        }
        throw tlogClientError(
          'TLOG_CLIENT_UNAVAILABLE',
          `the transparency log at ${redactUrl(this.baseUrl)} did not answer ${what} (${describeError(error)}) after ${attempt + 1} attempt(s); check --tlog-url and that the log is running`,
          { temporary: true, cause: error, details: { url: redactUrl(url) } },
        );
      }
      if (status === 429 || status >= 500) {
        const message = await errorText(responseBody);
        const retryAfter = parseRetryAfterMs(headerValue(headers, 'retry-after'), this.env.now());
        const decision = decideRetry(attempt, retryAfter, this.retry, this.env.random);
        if (decision.retry) {
          await this.env.sleep(decision.delayMs);
          continue;
        }
        throw tlogClientError(
          status === 429 ? 'TLOG_CLIENT_RATE_LIMITED' : 'TLOG_CLIENT_UNAVAILABLE',
          `the transparency log at ${redactUrl(this.baseUrl)} answered ${what} with ${status}${message === '' ? '' : ` (${message})`} after ${attempt + 1} attempt(s); try again later`,
          { temporary: true, details: { status, url: redactUrl(url) } },
        );
      }
      if (status >= 400) {
        const text = await errorText(responseBody);
        return { status, headers, bytes: new TextEncoder().encode(text) };
      }
      const bytes = await readBounded(
        responseBody,
        limit,
        headerValue(headers, 'content-length'),
        (size) =>
          tlogClientError(
            'TLOG_CLIENT_PROTOCOL',
            `the transparency log's answer to ${what} is ${size} bytes or more, over the ${limit}-byte limit`,
            { details: { url: redactUrl(url) } },
          ),
      );
      return { status, headers, bytes };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Rekor's error body is `{code, message}`; the message is attacker-controlled text. */
async function errorText(body: Readable): Promise<string> {
  const text = Buffer.from(await readPrefix(body, MAX_ERROR_BODY_BYTES)).toString('utf8');
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return sanitizeServerText(parsed.message, 300);
  } catch {
    // Not JSON: show the text itself, cleaned.
  }
  return sanitizeServerText(text, 300);
}
