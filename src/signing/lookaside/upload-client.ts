/**
 * Client of the upload API of Signet's signature server (`signet serve lookaside`,
 * docs/lookaside.md): `POST <server>/upload` with a bearer token and the JSON body
 * `{repoName, layerId, signatureData}`, each member base64 (the repository path, the
 * manifest digest, the signature bytes). The server numbers the signature itself.
 */
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import { encodeBase64 } from '../../core/base64.js';
import { describeError, isSignetError } from '../../core/errors.js';
import { readPrefix } from '../../core/http/bounded-body.js';
import { isLoopbackRegistry } from '../../oci/reference/index.js';
import { lookasideError } from './errors.js';
import { redactUrl } from './layout.js';
import type { LookasideImage, StoredSignature } from './store.js';

export interface UploadTarget {
  /** The server's base URL, e.g. `https://sigs.example.com`. */
  readonly server: URL;
  /** A token listed in the server's token file. Never logged. */
  readonly token: string;
  readonly timeoutMs?: number;
  /** PEM certificates of CAs trusted for an https:// server, besides the system's. */
  readonly caCertificates?: readonly string[];
  /**
   * Send the token over plain http:// to a host that is not loopback. Anyone on the path
   * could read the token and upload signatures with it; off by default.
   */
  readonly allowInsecureToken?: boolean;
}

/**
 * Refuses to put the bearer token on the wire in clear: only https://, or http:// to a
 * loopback address (the bytes never leave the machine), unless the caller insists.
 */
function checkTokenTransport(target: UploadTarget, shown: string): void {
  const { protocol, host } = target.server;
  if (protocol === 'https:') return;
  if (protocol !== 'http:') {
    throw lookasideError(
      'LOOKASIDE_URL_UNSUPPORTED',
      `cannot upload to ${shown}: the signature server URL must be https:// (or http:// on loopback)`,
    );
  }
  if (isLoopbackRegistry(host) || target.allowInsecureToken === true) return;
  throw lookasideError(
    'LOOKASIDE_TOKEN_INSECURE',
    `refusing to send the upload token to ${shown} over plain HTTP: anyone on the network could read it; ` +
      'serve the signature server over HTTPS (signet serve lookaside --tls-cert/--tls-key) or, ' +
      'on a network you trust, allow the token over plain HTTP explicitly (--allow-insecure-token)',
  );
}

/** A connection pool for this upload only, trusting the extra CAs when there are any. */
function uploadDispatcher(target: UploadTarget, timeout: number): Agent {
  const extra = target.caCertificates ?? [];
  return new Agent({
    connect: {
      timeout,
      // Passing `ca` replaces Node's default store, so the bundled roots are added back.
      ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}),
    },
  });
}

/** Answers are a few hundred bytes of JSON; more is not a Signet server. */
const MAX_ANSWER_BYTES = 64 * 1024;

export async function uploadLookasideSignature(
  target: UploadTarget,
  image: Omit<LookasideImage, 'base'>,
  signature: Uint8Array,
): Promise<StoredSignature> {
  const url = new URL(target.server.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/upload`;
  const shown = redactUrl(url);
  checkTokenTransport(target, shown);
  const timeout = target.timeoutMs ?? 30_000;
  const dispatcher = uploadDispatcher(target, timeout);
  const body = JSON.stringify({
    repoName: encodeBase64(new TextEncoder().encode(image.repository)),
    layerId: encodeBase64(new TextEncoder().encode(image.digest)),
    signatureData: encodeBase64(signature),
  });
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
      dispatcher,
    });
    const text = Buffer.from(await readPrefix(response.body, MAX_ANSWER_BYTES)).toString('utf8');
    let answer: { index?: unknown; path?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      answer = {};
    }
    if (response.statusCode !== 201 || typeof answer.index !== 'number') {
      const reason =
        typeof answer.error?.message === 'string'
          ? answer.error.message.slice(0, 500)
          : text.slice(0, 200);
      throw lookasideError(
        'LOOKASIDE_WRITE_FAILED',
        `the signature server at ${shown} refused the upload (HTTP ${response.statusCode}): ${reason}`,
        {
          temporary: response.statusCode >= 500,
          details: { status: response.statusCode, url: shown },
        },
      );
    }
    // The server answers the stored signature's path under its own root (handler.ts).
    return { index: answer.index, url: signatureUrl(target.server, answer.path) ?? shown };
  } catch (error) {
    if (isSignetError(error)) throw error;
    throw lookasideError(
      'LOOKASIDE_WRITE_FAILED',
      `cannot upload to ${shown}: ${describeError(error)}`,
      {
        temporary: true,
        cause: error,
      },
    );
  } finally {
    await dispatcher.destroy();
  }
}

/** The stored signature's URL: the server's base URL plus the `/`-rooted path it answered. */
function signatureUrl(server: URL, path: unknown): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return undefined;
  const url = new URL(server.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  return redactUrl(url);
}
