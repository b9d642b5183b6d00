/**
 * Bounded reads of streamed bodies, for every HTTP client and server of Signet: a body is
 * read whole only up to a limit (a larger one is refused, before reading when its
 * Content-Length says so), or only its first bytes (error answers, where the first
 * kilobytes say all there is to say). A peer can therefore never make Signet buffer more
 * than the limit it chose for that body.
 */
import type { Readable } from 'node:stream';

/** Throws away a body we will not read, without keeping its connection busy. */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * Reads a whole body, but never more than `limit` bytes: a Content-Length over the limit
 * is refused before reading, and a body that grows past it is cut off. `tooLarge` builds
 * the error, given the size known so far.
 */
export async function readBounded(
  body: Readable,
  limit: number,
  contentLength: string | undefined,
  tooLarge: (size: number) => Error,
): Promise<Uint8Array> {
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (Number.isFinite(declared) && declared > limit) {
    discardBody(body);
    throw tooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    total += buf.byteLength;
    if (total > limit) {
      discardBody(body);
      throw tooLarge(total);
    }
    chunks.push(buf);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/**
 * Reads at most `limit` bytes of a body and drops the rest: for error bodies, where the
 * first kilobytes say all there is to say.
 */
export async function readPrefix(body: Readable, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      chunks.push(buf.subarray(0, limit - total));
      total = Math.min(limit, total + buf.byteLength);
      if (total >= limit) break;
    }
  } catch {
    // A broken error body still leaves the status code to report.
  } finally {
    discardBody(body);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
