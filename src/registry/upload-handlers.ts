/**
 * Blob upload endpoints (distribution spec, "Pushing blobs"): POST starts a session, uploads
 * monolithically with `?digest=`, or mounts with `?mount=&from=`; PATCH appends a chunk;
 * PUT finishes with `?digest=`; GET reports progress; DELETE cancels.
 */
import { parseDigest } from '../core/digest.js';
import { DistributionError } from './distribution-error.js';
import { respond, type Exchange } from './http-exchange.js';
import { checkDigest, checkRepositoryName } from './names.js';
import type { RegistryContext } from './registry-context.js';
import { boundedChunks, declaredLength } from './request-body.js';
import type { UploadSession } from './upload-sessions.js';

function progressHeaders(name: string, session: UploadSession) {
  return {
    Location: `/v2/${name}/blobs/uploads/${session.id}`,
    // The spec's Range is inclusive; an empty upload reports 0-0 as distribution does.
    Range: `0-${Math.max(session.size - 1, 0)}`,
    'Docker-Upload-UUID': session.id,
  };
}

function created(ex: Exchange, name: string, digest: string): void {
  respond(ex, 201, { Location: `/v2/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

/** Streams the request body into the session, within the blob size limit. */
async function appendBody(
  ctx: RegistryContext,
  ex: Exchange,
  session: UploadSession,
  limit?: number,
): Promise<void> {
  const room = Math.min(ctx.maxBlobBytes - session.size, limit ?? Infinity);
  const chunks = boundedChunks(ex.req, room, 'blob', (chunk) => {
    session.hashes.sha256.update(chunk);
    session.hashes.sha512.update(chunk);
    session.size += chunk.byteLength;
  });
  await ctx.storage.appendUpload(session.id, chunks);
}

/** Verifies the session's bytes hash to `digest`, then moves them into the blob store. */
async function finish(
  ctx: RegistryContext,
  session: UploadSession,
  name: string,
  digest: string,
): Promise<void> {
  const { algorithm, hex } = parseDigest(digest);
  const actual = session.hashes[algorithm].copy().digest('hex');
  if (actual !== hex) {
    await ctx.uploads.end(session, true);
    throw new DistributionError('DIGEST_INVALID', 'uploaded content does not match the digest', {
      expected: digest,
      actual: `${algorithm}:${actual}`,
    });
  }
  await ctx.storage.commitUpload(session.id, name, digest);
  await ctx.uploads.end(session, false);
}

/** Runs `work` on the session; any failure abandons the session, whose bytes are now unknown. */
async function writing(
  ctx: RegistryContext,
  session: UploadSession,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await ctx.uploads.exclusive(session, work);
  } catch (error) {
    await ctx.uploads.end(session, true);
    throw error;
  }
}

/** Takes the rest of the blob from the request body, commits it as `digest` and says so. */
async function completeUpload(
  ctx: RegistryContext,
  ex: Exchange,
  session: UploadSession,
  name: string,
  digest: string,
): Promise<void> {
  await writing(ctx, session, async () => {
    await appendBody(ctx, ex, session);
    await finish(ctx, session, name, digest);
  });
  created(ex, name, digest);
}

export async function startUpload(ctx: RegistryContext, ex: Exchange, name: string): Promise<void> {
  const mount = ex.query.get('mount');
  const from = ex.query.get('from');
  if (mount !== null && from !== null) {
    const digest = checkDigest(mount);
    const source = checkRepositoryName(from);
    if (
      (await ctx.storage.statBlob(source, digest)) !== undefined &&
      (await ctx.storage.linkBlob(name, digest))
    ) {
      created(ex, name, digest);
      return;
    }
    // Not mountable: the spec says to answer with an ordinary upload session instead.
  }
  const digestParam = ex.query.get('digest');
  const digest = digestParam === null ? undefined : checkDigest(digestParam);
  const session = await ctx.uploads.start(name);
  if (digest === undefined) {
    respond(ex, 202, progressHeaders(name, session));
    return;
  }
  await completeUpload(ctx, ex, session, name, digest);
}

/** `Content-Range: <start>-<end>` (inclusive); a chunk must start where the upload ends. */
function checkContentRange(ex: Exchange, session: UploadSession, name: string): number | undefined {
  const header = ex.req.headers['content-range'];
  if (header === undefined) return undefined;
  const match = /^(?:bytes )?(\d{1,16})-(\d{1,16})$/.exec(header);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  const length = end - start + 1;
  const declared = declaredLength(ex.req);
  if (
    match === null ||
    start !== session.size ||
    length <= 0 ||
    (declared !== undefined && declared !== length)
  ) {
    throw new DistributionError(
      'RANGE_INVALID',
      'chunk does not continue the upload',
      { range: header.slice(0, 64), expectedStart: session.size },
      { headers: progressHeaders(name, session) },
    );
  }
  return length;
}

export async function patchUpload(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  id: string,
): Promise<void> {
  const session = ctx.uploads.get(name, id);
  // A wrong range leaves the session intact (the client may retry from the right offset).
  const length = checkContentRange(ex, session, name);
  await writing(ctx, session, async () => {
    const before = session.size;
    await appendBody(ctx, ex, session, length);
    if (length !== undefined && session.size - before !== length) {
      throw new DistributionError('SIZE_INVALID', 'chunk is shorter than its Content-Range');
    }
  });
  respond(ex, 202, progressHeaders(name, session));
}

export async function finishUpload(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  id: string,
): Promise<void> {
  const session = ctx.uploads.get(name, id);
  const digestParam = ex.query.get('digest');
  if (digestParam === null) {
    throw new DistributionError('DIGEST_INVALID', 'finishing an upload needs ?digest=');
  }
  await completeUpload(ctx, ex, session, name, checkDigest(digestParam));
}

export function uploadStatus(ctx: RegistryContext, ex: Exchange, name: string, id: string): void {
  const session = ctx.uploads.get(name, id);
  respond(ex, 204, progressHeaders(name, session));
}

export async function cancelUpload(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  id: string,
): Promise<void> {
  const session = ctx.uploads.get(name, id);
  await ctx.uploads.end(session, true);
  respond(ex, 204);
}
