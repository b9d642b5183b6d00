/**
 * Reading lookaside signatures over HTTP(S), as containers/image does (docker_image_src.go
 * getOneSignature): GET each `signature-N`; 404 ends the list, 200 is a signature, any
 * other status is an error. Bodies are bounded and every request has a deadline: the
 * server may be hostile or slow. No credentials are sent.
 */
import { request } from 'undici';
import { describeError, isSignetError } from '../../core/errors.js';
import { readBounded } from '../../core/http/bounded-body.js';
import { headerValue } from '../../oci/transport/index.js';
import { lookasideError } from './errors.js';
import { MAX_LOOKASIDE_SIGNATURE_BYTES, tooMany } from './file-store.js';
import { MAX_LOOKASIDE_SIGNATURES, redactUrl } from './layout.js';

export interface HttpReadOptions {
  /** Per request, headers and body; default 30 s as the registry client. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** One signature, or undefined on 404. */
export async function fetchSignature(
  url: URL,
  options: HttpReadOptions = {},
): Promise<Uint8Array | undefined> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const shown = redactUrl(url);
  try {
    const response = await request(url, {
      method: 'GET',
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    if (response.statusCode === 404) {
      await response.body.dump();
      return undefined;
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw lookasideError(
        'LOOKASIDE_READ_FAILED',
        `reading ${shown} gave HTTP ${response.statusCode}; the lookaside server must answer 200 or 404`,
        {
          temporary: response.statusCode >= 500,
          details: { status: response.statusCode, url: shown },
        },
      );
    }
    return await readBounded(
      response.body,
      MAX_LOOKASIDE_SIGNATURE_BYTES,
      headerValue(response.headers, 'content-length'),
      () =>
        lookasideError(
          'LOOKASIDE_READ_FAILED',
          `${shown} is larger than ${MAX_LOOKASIDE_SIGNATURE_BYTES} bytes; a signature is never this big`,
        ),
    );
  } catch (error) {
    if (isSignetError(error)) throw error;
    throw lookasideError('LOOKASIDE_READ_FAILED', `cannot read ${shown}: ${describeError(error)}`, {
      temporary: true,
      cause: error,
      details: { url: shown },
    });
  }
}

/** Every signature under `folder` (a URL without the trailing `/signature-N`). */
export async function fetchSignatureFolder(
  folder: URL,
  options: HttpReadOptions = {},
): Promise<Uint8Array[]> {
  const found: Uint8Array[] = [];
  for (let index = 1; ; index++) {
    if (index > MAX_LOOKASIDE_SIGNATURES + 1) throw tooMany(redactUrl(folder));
    const url = new URL(folder.href);
    url.pathname = `${url.pathname}/signature-${index}`;
    const bytes = await fetchSignature(url, options);
    if (bytes === undefined) return found;
    found.push(bytes);
  }
}
