/**
 * The API's reads: violations, decisions, images, policy activity and the log, each list
 * paged newest first by id and exportable as CSV (`format=csv`, up to EXPORT_ROWS rows).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { uiError } from '../errors.js';
import { documentedQuery } from '../openapi/document.js';
import type { ApiContext } from './context.js';
import { toCsv, type CsvColumn } from './csv.js';
import {
  onlyKnown,
  oneOf,
  text,
  violationQuery,
  wholeNumber,
  type Query,
} from './request-checks.js';
import { activityView, decisionView, imageView, nextOf, violationView } from './views.js';
import {
  DECISION_OUTCOMES,
  DECISION_SOURCES,
  type ImageSummary,
  type ViolationRecord,
} from '../../records/index.js';

/** One export holds at most this many rows; narrow the filters for older ones. */
export const EXPORT_ROWS = 1000;
const DEFAULT_PAGE = 50;
const DAY_MS = 86_400_000;

const VIOLATION_COLUMNS: readonly CsvColumn<ViolationRecord>[] = [
  ['id', (v) => v.id],
  ['time', (v) => v.time],
  ['source', (v) => v.source],
  ['action', (v) => v.action],
  ['severity', (v) => v.severity],
  ['policy', (v) => v.policy],
  ['image', (v) => v.image],
  ['digest', (v) => v.digest],
  ['cluster', (v) => v.cluster],
  ['namespace', (v) => v.namespace],
  ['workload', (v) => v.workload],
  ['pipeline', (v) => v.pipeline],
  ['run', (v) => v.run],
  ['messages', (v) => v.messages],
  ['rationale', (v) => v.rationale],
  ['remediation', (v) => v.remediation],
];
const IMAGE_COLUMNS: readonly CsvColumn<ImageSummary>[] = [
  ['image', (i) => i.image],
  ['digests', (i) => i.digests],
  ['decisions', (i) => i.decisions],
  ['denied', (i) => i.denied],
  ['violations', (i) => i.violations],
  ['lastSeen', (i) => i.lastSeen],
];

function idParameter(params: unknown): number {
  const raw = (params as { id?: string }).id ?? '';
  const id = /^[0-9]{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!(id >= 1)) throw uiError('UI_NOT_FOUND', `no record has the id "${raw.slice(0, 32)}"`);
  return id;
}

function sendCsv(reply: FastifyReply, name: string, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="signet-${name}.csv"`)
    .send(csv);
}

export function registerReadRoutes(app: FastifyInstance, context: ApiContext): void {
  const { store, access } = context;
  const decisionParameters = documentedQuery('/api/v1/decisions');
  // `before` is accepted and has no effect: the images come in one page (next is null).
  const imageParameters = [...documentedQuery('/api/v1/images'), 'before'];
  const policyParameters = documentedQuery('/api/v1/policies');
  const pageSize = (query: Query) =>
    oneOf(query, 'format', ['json', 'csv']) === 'csv'
      ? EXPORT_ROWS
      : (wholeNumber(query, 'limit', 1, 1000) ?? DEFAULT_PAGE);

  app.get('/api/v1/violations', async (request, reply) => {
    access(request, 'viewer');
    const query = request.query as Query;
    const limit = pageSize(query);
    const items = await store.violations(violationQuery(query, limit));
    if (text(query, 'format') === 'csv')
      return sendCsv(reply, 'violations', toCsv(items, VIOLATION_COLUMNS));
    return { items: items.map(violationView), next: nextOf(items, limit) };
  });

  app.get('/api/v1/violations/:id', async (request) => {
    access(request, 'viewer');
    const found = await store.violation(idParameter(request.params));
    if (found === undefined)
      throw uiError('UI_NOT_FOUND', 'no violation has this id (retention may have removed it)');
    return violationView(found);
  });

  app.get('/api/v1/decisions', async (request) => {
    access(request, 'viewer');
    const query = request.query as Query;
    onlyKnown(query, decisionParameters);
    const limit = wholeNumber(query, 'limit', 1, 1000) ?? DEFAULT_PAGE;
    const filters = {
      source: oneOf(query, 'source', DECISION_SOURCES),
      outcome: oneOf(query, 'outcome', DECISION_OUTCOMES),
      namespace: text(query, 'namespace'),
      image: text(query, 'image'),
      beforeId: wholeNumber(query, 'before', 1, Number.MAX_SAFE_INTEGER),
    };
    const items = await store.query({
      ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
      limit,
    });
    return { items: items.map(decisionView), next: nextOf(items, limit) };
  });

  app.get('/api/v1/decisions/:id', async (request) => {
    access(request, 'viewer');
    const found = await store.decision(idParameter(request.params));
    if (found === undefined)
      throw uiError('UI_NOT_FOUND', 'no decision has this id (retention may have removed it)');
    return decisionView(found);
  });

  app.get('/api/v1/images', async (request, reply) => {
    access(request, 'viewer');
    const query = request.query as Query;
    onlyKnown(query, imageParameters);
    const limit = pageSize(query);
    const search = text(query, 'q');
    const items = await store.images({ limit, ...(search === undefined ? {} : { search }) });
    if (text(query, 'format') === 'csv')
      return sendCsv(reply, 'images', toCsv(items, IMAGE_COLUMNS));
    return { items: items.map(imageView), next: null };
  });

  app.get('/api/v1/policies', async (request) => {
    access(request, 'viewer');
    const query = request.query as Query;
    onlyKnown(query, policyParameters);
    const days = wholeNumber(query, 'days', 1, 90) ?? 14;
    const bucketMs =
      oneOf(query, 'bucket', ['hour', 'day'] as const) === 'hour' ? DAY_MS / 24 : DAY_MS;
    const now = new Date();
    const report = await store.policyActivity(
      new Date(now.getTime() - (days * DAY_MS - bucketMs)),
      bucketMs,
      now,
    );
    return activityView(report, context.loadedPolicies?.());
  });

  app.get('/api/v1/tlog', async (request) => {
    access(request, 'viewer');
    return context.tlog.read();
  });
}
