/**
 * Asks an RFC 3161 timestamp authority to stamp a signature (RFC 3161 §3.4, time-stamp
 * protocol via HTTP): POST a DER TimeStampReq (SHA-256 imprint of the data, a random
 * nonce, certReq so that the token carries the TSA certificate) as
 * `application/timestamp-query`, read a TimeStampResp. Returns the TimeStampToken when the
 * status is granted. The answer is bounded in time and size; the token is verified the
 * way every verifier will, later, against the trust store.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';
import { readBounded } from '../../core/http/bounded-body.js';
import { parseStrictDer } from '../keyless/strict-der.js';
import { notationError } from './errors.js';

/** A token with its certificates is a few KiB. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const SHA256_ALGORITHM = Buffer.from('300d06096086480165030402010500', 'hex');

function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

export function timestampRequest(data: Uint8Array, nonce: Uint8Array): Buffer {
  const imprint = tlv(
    0x30,
    Buffer.concat([SHA256_ALGORITHM, tlv(0x04, createHash('sha256').update(data).digest())]),
  );
  // A positive INTEGER: clear the top bit of the nonce.
  const positive = Buffer.from(nonce);
  positive[0] = positive[0]! & 0x7f;
  return tlv(
    0x30,
    Buffer.concat([
      tlv(0x02, Buffer.from([1])),
      imprint,
      tlv(0x02, positive),
      tlv(0x01, Buffer.from([0xff])),
    ]),
  );
}

export async function requestTimestamp(
  url: string,
  data: Uint8Array,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Uint8Array> {
  const fail = (problem: string, cause?: unknown) =>
    notationError(
      'NOTATION_TSA_FAILED',
      `timestamp authority ${url} ${problem}`,
      cause === undefined ? {} : { cause },
    );
  let body: Buffer;
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/timestamp-query',
        accept: 'application/timestamp-reply',
      },
      body: timestampRequest(data, randomBytes(8)),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw fail(`answered HTTP ${response.statusCode}`);
    }
    const contentLength = response.headers['content-length'];
    body = Buffer.from(
      await readBounded(
        response.body,
        MAX_RESPONSE_BYTES,
        typeof contentLength === 'string' ? contentLength : undefined,
        () => fail(`sent over ${MAX_RESPONSE_BYTES} bytes`),
      ),
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'NOTATION_TSA_FAILED') throw error;
    throw fail(`could not be reached: ${(error as Error).message}`, error);
  }
  try {
    const response = parseStrictDer(body);
    const status = response.children[0]?.children[0];
    const statusValue = status?.bytes[2];
    // granted (0) or grantedWithMods (1), RFC 3161 §2.4.2.
    if (status?.tag !== 0x02 || status.bytes[1] !== 1 || (statusValue !== 0 && statusValue !== 1))
      throw new Error(`status ${statusValue ?? '?'}: the request was not granted`);
    const token = response.children[1];
    if (token === undefined) throw new Error('no timestamp token in the answer');
    return Uint8Array.from(token.bytes);
  } catch (error) {
    throw fail(
      `answered something other than a granted TimeStampResp: ${(error as Error).message}`,
      error,
    );
  }
}
