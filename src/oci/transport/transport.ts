/**
 * One registry host: finds its scheme and auth challenge with the first request (or by
 * pinging `/v2/`, distribution spec "Determining support", before a request with a body),
 * then sends requests with authorization, retries with
 * backoff, bounded redirects and typed errors. Every response status outside the caller's
 * expectations becomes a SignetError; the caller gets a response whose body it must consume.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Credential } from '../credentials/index.js';
import { isSignetError } from '../../core/errors.js';
import { type Authorization, RegistryAuthenticator } from './auth.js';
import { MAX_ERROR_BODY_BYTES, errorForResponse } from './error-body.js';
import { registryError } from './errors.js';
import {
  type HttpClient,
  type HttpMethod,
  type HttpResponse,
  classifyNetworkError,
  headerValue,
} from './http.js';
import { discardBody, readBounded, readPrefix } from '../../core/http/bounded-body.js';
import { errorForNetworkFailure, isRetryableFailure } from './network-error.js';
import { redactUrl } from './redact.js';
import { isRedirect, redirectTarget } from './redirect.js';
import {
  type RetryEnvironment,
  type RetryPolicy,
  decideRetry,
  isRetryableStatus,
  parseRetryAfterMs,
} from './retry.js';

export interface RegistryTransportOptions {
  /** As in ImageReference.registry; named in every error. */
  readonly registry: string;
  /** host[:port] to contact (registryEndpoint of the registry). */
  readonly endpoint: string;
  readonly credential: Credential | undefined;
  readonly http: HttpClient;
  /** Loopback and configured insecure hosts may be reached over plain HTTP. */
  readonly plainHttpAllowed: (host: string) => boolean;
  readonly retry: RetryPolicy;
  readonly environment: RetryEnvironment;
  readonly userAgent: string;
  readonly timeoutMs: number;
}

export interface RegistryRequest {
  readonly method: HttpMethod;
  /** `/v2/...` with query, or an absolute URL on this registry (an upload Location). */
  readonly target: string;
  /** Query parameters appended to the target (an upload Location may already carry some). */
  readonly query?: Readonly<Record<string, string>>;
  /** Token scopes the request needs (scope.ts). */
  readonly scopes: readonly string[];
  /** Names the object in errors: `manifest registry.example/app:1`. */
  readonly what: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Non-2xx statuses handed back instead of raised (404 for existence checks). */
  readonly allowStatus?: readonly number[];
  /** False for requests that must not be replayed (PATCH of an upload chunk). */
  readonly retryable?: boolean;
  /** GET/HEAD of blobs may be redirected to storage; followed as redirect.ts allows. */
  readonly followRedirects?: boolean;
}

export interface RegistryResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: HttpResponse['body'];
  /** Final URL after redirects. */
  readonly url: URL;
}

export class RegistryTransport {
  readonly registry: string;
  private readonly auth: RegistryAuthenticator;
  private base: Promise<URL> | undefined;

  constructor(private readonly options: RegistryTransportOptions) {
    this.registry = options.registry;
    this.auth = new RegistryAuthenticator({ ...options, now: options.environment.now });
  }

  /** Base URL (`scheme://host/`) after the ping, which runs once per transport. */
  ready(): Promise<URL> {
    this.base ??= this.ping().catch((err: unknown) => {
      this.base = undefined; // a later call may find the registry back up
      throw err;
    });
    return this.base;
  }

  async request(request: RegistryRequest): Promise<RegistryResponse> {
    // Until the scheme is known, a request without a body is its own probe: a cold
    // verification then costs no separate /v2/ round trip. Bodies go after a ping, as a
    // request that must fall back from https to http cannot be sent twice for free.
    if (this.base === undefined && request.body === undefined) return this.probeWith(request);
    const base = await this.ready();
    return this.send(base, this.targetUrl(base, request), request);
  }

  private targetUrl(base: URL, request: RegistryRequest): URL {
    const url = this.resolve(base, request.target);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      url.searchParams.append(name, value);
    }
    return url;
  }

  /** `ping`'s scheme choice, made with the caller's own request; the scheme is kept once answered. */
  private async probeWith(request: RegistryRequest): Promise<RegistryResponse> {
    const schemes = this.schemes();
    for (const [index, scheme] of schemes.entries()) {
      const base = new URL(`${scheme}://${this.options.endpoint}/`);
      try {
        const response = await this.send(base, this.targetUrl(base, request), request);
        this.base ??= Promise.resolve(base);
        return response;
      } catch (err) {
        const mismatch = isSignetError(err) && err.details.reason === 'tls-mismatch';
        if (!mismatch || index === schemes.length - 1) throw err;
      }
    }
    throw new Error('unreachable: the scheme list is never empty');
  }

  private schemes(): readonly string[] {
    return this.options.plainHttpAllowed(this.options.endpoint) ? ['https', 'http'] : ['https'];
  }

  /**
   * Reads a response body of at most `limit` bytes; `tooLarge` builds the error for more.
   * A connection that breaks or stalls mid-body becomes REGISTRY_UNAVAILABLE.
   */
  async readBody(
    response: RegistryResponse,
    limit: number,
    what: string,
    tooLarge: (size: number) => Error,
  ): Promise<Uint8Array> {
    try {
      return await readBounded(
        response.body,
        limit,
        headerValue(response.headers, 'content-length'),
        tooLarge,
      );
    } catch (err) {
      throw this.bodyFailure(err, response.url, what);
    }
  }

  /** Maps an error raised while streaming a body to the typed error users see. */
  bodyFailure(err: unknown, url: URL, what: string): Error {
    if (isSignetError(err) || !(err instanceof Error)) return err as Error;
    return errorForNetworkFailure(classifyNetworkError(err), {
      registry: this.registry,
      url,
      what,
      timeoutMs: this.options.timeoutMs,
      cause: err,
    });
  }

  /**
   * https first; plain HTTP only where allowed, and only when the https attempt met a
   * server that does not speak TLS. A timeout is not a reason to downgrade.
   */
  private async ping(): Promise<URL> {
    const { endpoint } = this.options;
    const schemes = this.schemes();
    for (const [index, scheme] of schemes.entries()) {
      const base = new URL(`${scheme}://${endpoint}/`);
      try {
        const response = await this.send(base, new URL('/v2/', base), {
          method: 'GET',
          target: '/v2/',
          scopes: [],
          what: 'the API version check (/v2/)',
          allowStatus: [401, 404],
          ping: true,
        });
        if (response.status === 401) this.auth.learn(response.headers['www-authenticate']);
        discardBody(response.body);
        return base;
      } catch (err) {
        const mismatch = isSignetError(err) && err.details.reason === 'tls-mismatch';
        if (!mismatch || index === schemes.length - 1) throw err;
      }
    }
    throw new Error('unreachable: the scheme list is never empty');
  }

  /** Resolves a request target; absolute targets (upload Locations) must stay on this host. */
  private resolve(base: URL, target: string): URL {
    let url: URL;
    try {
      url = new URL(target, base);
    } catch {
      url = new URL('about:blank');
    }
    if (url.origin !== base.origin) {
      throw registryError(
        'REGISTRY_PROTOCOL',
        `registry ${this.registry} pointed the client at ${redactUrl(url)}, outside the registry; refusing to follow`,
        { details: { registry: this.registry, url: redactUrl(url) } },
      );
    }
    return url;
  }

  private async send(
    base: URL,
    start: URL,
    request: RegistryRequest & { ping?: boolean },
  ): Promise<RegistryResponse> {
    const { http, environment, retry: policy, timeoutMs, userAgent } = this.options;
    let url = start;
    let scopes = [...request.scopes];
    let retries = 0;
    let redirects = 0;
    // One retry after a challenge to a request sent with authorization; a request sent
    // without any (the first to a registry, when it is its own probe) may also learn the
    // challenge first, then meet insufficient_scope once.
    let authRetries = 0;
    let sentAnonymously = false;
    const started = environment.now();
    for (;;) {
      let authorization: Authorization | undefined;
      let response: HttpResponse;
      try {
        // No credentials leave for another origin (a redirect to blob storage).
        authorization =
          request.ping === true || url.origin !== base.origin
            ? undefined
            : await this.auth.authorization(scopes);
        const headers: Record<string, string> = { 'user-agent': userAgent, ...request.headers };
        if (authorization !== undefined) headers.authorization = authorization.header;
        response = await http.send({ method: request.method, url, headers, body: request.body });
      } catch (err) {
        if (isSignetError(err)) throw err;
        const failure = classifyNetworkError(err);
        const decision = decideRetry(retries, undefined, policy, environment.random);
        if (request.retryable !== false && isRetryableFailure(failure) && decision.retry) {
          retries++;
          await environment.sleep(decision.delayMs);
          continue;
        }
        throw errorForNetworkFailure(failure, {
          registry: this.registry,
          url,
          what: request.what,
          timeoutMs,
          cause: err,
          attempts: retries + 1,
          elapsedMs: environment.now() - started,
        });
      }
      const { status, headers } = response;
      if (authRetries === 0) sentAnonymously = authorization === undefined;
      if (status === 401 && request.ping !== true && authRetries < (sentAnonymously ? 2 : 1)) {
        const challenge = this.auth.learn(headers['www-authenticate']);
        if (this.auth.canAnswer(challenge, authorization?.header.startsWith('Basic ') === true)) {
          discardBody(response.body);
          this.auth.forget(authorization);
          // insufficient_scope names the scope the registry wants (RFC 6750 section 3.1).
          if (challenge?.scheme === 'bearer' && challenge.scope !== undefined) {
            scopes = [...new Set([...scopes, ...challenge.scope.split(' ').filter(Boolean)])];
          }
          authRetries++;
          continue;
        }
      }
      const location = headerValue(headers, 'location');
      if (request.followRedirects === true && isRedirect(status) && location !== undefined) {
        discardBody(response.body);
        url = redirectTarget(url, location, ++redirects, this.options);
        continue;
      }
      if (isRetryableStatus(status) && request.retryable !== false) {
        const after = parseRetryAfterMs(headerValue(headers, 'retry-after'), environment.now());
        const decision = decideRetry(retries, after, policy, environment.random);
        if (decision.retry) {
          discardBody(response.body);
          retries++;
          await environment.sleep(decision.delayMs);
          continue;
        }
      }
      if ((status >= 200 && status < 300) || request.allowStatus?.includes(status) === true) {
        return { status, headers, body: response.body, url };
      }
      const body = await readPrefix(response.body, MAX_ERROR_BODY_BYTES);
      const after = parseRetryAfterMs(headerValue(headers, 'retry-after'), environment.now());
      throw errorForResponse({
        registry: this.registry,
        status,
        url,
        what: request.what,
        body,
        hadCredentials: this.auth.hasCredential,
        ...(after === undefined ? {} : { retryAfterSeconds: Math.ceil(after / 1000) }),
      });
    }
  }
}
