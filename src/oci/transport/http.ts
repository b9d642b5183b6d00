/**
 * The HTTP layer under the registry transport: one undici Agent per client (keep-alive
 * connection pool per origin), per-request timeouts, and a classification of connection
 * failures. Bodies are read with the bounded readers of core/http.
 */
import { rootCertificates } from 'node:tls';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpClientOptions {
  /** Bounds connect (including TLS handshake), waiting for headers, and each body gap. */
  readonly timeoutMs: number;
  /** Extra PEM CA certificates trusted besides Node's bundled root store. */
  readonly caCertificates?: readonly string[];
}

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Dispatcher.ResponseData['body'];
}

/**
 * Idle connections are kept 30 s: long enough to reuse across a verification burst, short
 * enough to close before typical registry load balancers (60 s idle) drop them under us.
 */
const KEEP_ALIVE_MS = 30_000;
/** Connections per origin: enough for parallel layer transfers, bounded for the registry. */
const CONNECTIONS_PER_ORIGIN = 8;

export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly options: HttpClientOptions) {
    const extra = options.caCertificates ?? [];
    this.agent = new Agent({
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      connections: CONNECTIONS_PER_ORIGIN,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: {
        timeout: options.timeoutMs,
        // Passing `ca` replaces Node's default store, so the bundled roots are added back.
        ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}),
      },
    });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.agent.request({
      origin: request.url.origin,
      path: `${request.url.pathname}${request.url.search}`,
      method: request.method,
      headers: { ...request.headers },
      body: request.body === undefined ? null : asBuffer(request.body),
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** A Buffer view of the same memory: request bodies can be layers, not worth copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The first value of a response header (names are lower case in undici). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export type NetworkFailure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'tls-untrusted'; readonly reason: string }
  | { readonly kind: 'tls-mismatch' }
  | { readonly kind: 'connection'; readonly reason: string };

/** OpenSSL verification failures: the certificate chain is not trusted or does not match. */
const UNTRUSTED_CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

/** Sorts a thrown connection error into what the user must do about it. */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | null)?.cause) ?? '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return { kind: 'timeout' };
  }
  if (code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT') return { kind: 'timeout' };
  if (UNTRUSTED_CERT_CODES.has(code)) return { kind: 'tls-untrusted', reason: code };
  // A TLS ClientHello answered by a plain HTTP server.
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') return { kind: 'tls-mismatch' };
  return { kind: 'connection', reason: code === '' ? 'connection failed' : code };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
