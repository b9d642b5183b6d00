/** Blob endpoints: GET/HEAD/DELETE /v2/<name>/blobs/<digest> (distribution spec, "Pulling blobs"). */
import { pipeline } from 'node:stream/promises';
import { DistributionError } from './distribution-error.js';
import { respond, type Exchange } from './http-exchange.js';
import { checkDigest } from './names.js';
import type { RegistryContext } from './registry-context.js';

function blobUnknown(digest: string): DistributionError {
  return new DistributionError('BLOB_UNKNOWN', 'blob unknown to registry', { digest });
}

function blobHeaders(digest: string, size: number) {
  return {
    'Content-Type': 'application/octet-stream',
    'Content-Length': size,
    'Docker-Content-Digest': digest,
    ETag: `"${digest}"`,
  };
}

export async function getBlob(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  digestText: string,
): Promise<void> {
  const digest = checkDigest(digestText);
  if (ex.method === 'HEAD') {
    const size = await ctx.storage.statBlob(name, digest);
    if (size === undefined) throw blobUnknown(digest);
    ex.res.writeHead(200, blobHeaders(digest, size));
    ex.res.end();
    return;
  }
  const blob = await ctx.storage.openBlob(name, digest);
  if (blob === undefined) throw blobUnknown(digest);
  ex.res.writeHead(200, blobHeaders(digest, blob.size));
  // Once headers are out, a storage failure can only be signalled by cutting the
  // connection; the client then sees a short body and its digest check fails.
  await pipeline(blob.stream, ex.res);
}

export async function deleteBlob(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  digestText: string,
): Promise<void> {
  const digest = checkDigest(digestText);
  if (!(await ctx.storage.unlinkBlob(name, digest))) throw blobUnknown(digest);
  respond(ex, 202, { 'Docker-Content-Digest': digest });
}
