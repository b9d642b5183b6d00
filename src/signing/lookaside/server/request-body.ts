/** Reads a request body into memory, refusing (413) more than `limit` bytes before buffering them. */
import type { IncomingMessage } from 'node:http';
import { HttpProblem } from './http-problem.js';

export async function readRequestBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new HttpProblem(
      'BODY_TOO_LARGE',
      `the request body is larger than ${limit} bytes; a signature is a few kilobytes`,
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
