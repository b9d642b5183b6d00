/**
 * Entry routes of the Rekor v1 API: create (201, or 409 with the existing entry's
 * Location), get by index, get by UUID or entry ID, and retrieve several at once.
 */
import type { FastifyInstance } from 'fastify';
import { parseEntryReference, canonicalizeProposedEntry } from '../entry/index.js';
import { tlogServerError } from './errors.js';
import type { EntryView } from './log-entry-view.js';
import type { LogService } from './log-service.js';
import { countParameter } from './query-parsing.js';
import type { WriteGuard } from './write-guard.js';

/** Rekor's maxSearchQueries: one retrieve request names at most 10 entries. */
export const MAX_RETRIEVE_QUERIES = 10;

const ENTRIES = '/api/v1/log/entries';

const asMap = (views: readonly EntryView[]) =>
  Object.fromEntries(views.map((v) => [v.entryId, v.json]));

export function registerEntryRoutes(
  app: FastifyInstance,
  log: LogService,
  guard?: WriteGuard,
): void {
  app.post(
    ENTRIES,
    { ...(guard === undefined ? {} : { onRequest: guard }) },
    async (request, reply) => {
      const { status, view } = await log.create(request.body);
      const location = `${ENTRIES}/${view.entryId}`;
      if (status === 'duplicate') {
        return reply
          .code(409)
          .header('Location', location)
          .send({
            code: 409,
            message: `an equivalent entry already exists in the transparency log with UUID ${view.entryId}`,
          });
      }
      return reply
        .code(201)
        .header('ETag', view.entryId)
        .header('Location', location)
        .send(asMap([view]));
    },
  );

  app.get(ENTRIES, async (request) => {
    const index = countParameter(
      (request.query as Record<string, unknown>).logIndex,
      'logIndex',
      0,
    );
    const [view] = await log.byIndexes([index]);
    if (view === undefined)
      throw tlogServerError('TLOG_ENTRY_NOT_FOUND', `no entry at index ${index}`);
    return asMap([view]);
  });

  app.get(`${ENTRIES}/:entryUUID`, async (request) => {
    const text = (request.params as { entryUUID: string }).entryUUID;
    const reference = parseEntryReference(text);
    const [view] =
      reference.treeId === undefined || reference.treeId === log.identity.treeId
        ? await log.byUuids([reference.uuid])
        : [];
    if (view === undefined)
      throw tlogServerError('TLOG_ENTRY_NOT_FOUND', `no entry ${text.toLowerCase()} in this log`);
    return asMap([view]);
  });

  app.post(`${ENTRIES}/retrieve`, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body))
      invalid('the search must be a JSON object');
    const lists = ['entryUUIDs', 'logIndexes', 'entries'] as const;
    for (const name of lists) {
      // rekor-cli (go-swagger) sends every list, the unused ones as null.
      if (body[name] !== undefined && body[name] !== null && !Array.isArray(body[name])) {
        throw tlogServerError('TLOG_REQUEST_INVALID', `${name} must be an array`);
      }
    }
    const uuids = (body.entryUUIDs ?? []) as unknown[];
    const indexes = (body.logIndexes ?? []) as unknown[];
    const proposals = (body.entries ?? []) as unknown[];
    const total = uuids.length + indexes.length + proposals.length;
    if (total > MAX_RETRIEVE_QUERIES) {
      throw tlogServerError(
        'TLOG_QUERY_TOO_LARGE',
        `the search names ${total} entries; at most ${MAX_RETRIEVE_QUERIES} per request`,
      );
    }
    const wanted = [
      ...uuids.map((u) =>
        typeof u === 'string'
          ? parseEntryReference(u).uuid
          : invalid('entryUUIDs items must be strings'),
      ),
      ...proposals.map((p) => canonicalizeProposedEntry(p).uuid),
    ];
    const byIndex = indexes.map((i) =>
      Number.isSafeInteger(i) && (i as number) >= 0
        ? (i as number)
        : invalid('logIndexes items must be whole numbers'),
    );
    const views = [...(await log.byUuids(wanted)), ...(await log.byIndexes(byIndex))];
    return views.map((v) => asMap([v]));
  });
}

function invalid(message: string): never {
  throw tlogServerError('TLOG_REQUEST_INVALID', message);
}
