/** Routes one request to its endpoint handler and turns failures into spec error answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize, type AccessRules } from './basic-auth.js';
import { deleteBlob, getBlob } from './blob-handlers.js';
import { DistributionError, isDistributionError } from './distribution-error.js';
import { respondError, respondJson, respondNoRoute, type Exchange } from './http-exchange.js';
import { deleteManifest, getManifest, putManifest } from './manifest-handlers.js';
import type { RegistryContext } from './registry-context.js';
import { listReferrers } from './referrer-handlers.js';
import { matchRoute, type Route } from './routes.js';
import { listTags } from './tag-handlers.js';
import {
  cancelUpload,
  finishUpload,
  patchUpload,
  startUpload,
  uploadStatus,
} from './upload-handlers.js';

function unsupported(method: string): DistributionError {
  return new DistributionError(
    'UNSUPPORTED',
    `method ${method.slice(0, 16)} is not supported here`,
  );
}

async function route(ctx: RegistryContext, ex: Exchange, target: Route): Promise<void> {
  const m = ex.method;
  const read = m === 'GET' || m === 'HEAD';
  switch (target.kind) {
    case 'ping':
      if (!read) throw unsupported(m);
      return respondJson(ex, 200, {});
    case 'manifest':
      if (read) return getManifest(ctx, ex, target.name, target.reference);
      if (m === 'PUT') return putManifest(ctx, ex, target.name, target.reference);
      if (m === 'DELETE') return deleteManifest(ctx, ex, target.name, target.reference);
      throw unsupported(m);
    case 'blob':
      if (read) return getBlob(ctx, ex, target.name, target.digest);
      if (m === 'DELETE') return deleteBlob(ctx, ex, target.name, target.digest);
      throw unsupported(m);
    case 'upload-start':
      if (m === 'POST') return startUpload(ctx, ex, target.name);
      throw unsupported(m);
    case 'upload':
      if (m === 'PATCH') return patchUpload(ctx, ex, target.name, target.id);
      if (m === 'PUT') return finishUpload(ctx, ex, target.name, target.id);
      if (m === 'GET') return uploadStatus(ctx, ex, target.name, target.id);
      if (m === 'DELETE') return cancelUpload(ctx, ex, target.name, target.id);
      throw unsupported(m);
    case 'tags':
      if (m === 'GET') return listTags(ctx, ex, target.name);
      throw unsupported(m);
    case 'referrers':
      if (m === 'GET') return listReferrers(ctx, ex, target.name, target.digest);
      throw unsupported(m);
    case 'unknown':
      return respondNoRoute(ex);
  }
}

/** Handles one request; never throws (every failure becomes an answer or a closed connection). */
export async function handleRequest(
  ctx: RegistryContext,
  access: AccessRules,
  onInternalError: (error: unknown) => void,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : rawUrl.slice(queryStart + 1));
  const ex: Exchange = { req, res, method: req.method ?? 'GET', query };
  // Every answer says which API it speaks (distribution spec, "API Version Check").
  res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
  try {
    authorize(req, access);
    await route(ctx, ex, matchRoute(path));
  } catch (error) {
    if (res.headersSent || res.destroyed || req.socket.destroyed) {
      // Mid-stream failure or a client that went away: nothing left to say.
      res.destroy();
      return;
    }
    if (isDistributionError(error)) return respondError(ex, error);
    onInternalError(error);
    respondError(ex, new DistributionError('UNKNOWN', 'internal server error'));
  }
}
