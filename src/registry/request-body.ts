/**
 * Bounded reads of request bodies. A client controls both Content-Length and the bytes
 * it actually sends, so the limit is checked against the header up front (to refuse
 * without reading) and against the running count (for chunked or lying clients).
 */
import type { IncomingMessage } from 'node:http';
import { DistributionError } from './distribution-error.js';

function tooLarge(what: string, limit: number): DistributionError {
  return new DistributionError(
    'SIZE_INVALID',
    `${what} is larger than ${limit} bytes`,
    { limit },
    { status: 413 },
  );
}

/** Declared Content-Length, if any; a malformed one is refused. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  if (!/^\d{1,16}$/.test(header)) {
    throw new DistributionError('SIZE_INVALID', 'Content-Length is not a number');
  }
  return Number(header);
}

export function checkDeclaredLength(req: IncomingMessage, limit: number, what: string): void {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) throw tooLarge(what, limit);
}

/**
 * Yields the body's chunks, failing with 413 SIZE_INVALID once more than `limit` bytes
 * arrived; `observe` sees every chunk first (for hashing and counting).
 */
export async function* boundedChunks(
  req: IncomingMessage,
  limit: number,
  what: string,
  observe: (chunk: Uint8Array) => void,
): AsyncGenerator<Uint8Array> {
  checkDeclaredLength(req, limit, what);
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > limit) throw tooLarge(what, limit);
    observe(chunk);
    yield chunk;
  }
}

/** Reads a whole (small) body such as a manifest. */
export async function readBoundedBody(
  req: IncomingMessage,
  limit: number,
  what: string,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of boundedChunks(req, limit, what, () => undefined)) {
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}
