/**
 * The API's writes: decisions from webhooks in other clusters, CI check reports as
 * `signet check --send` posts them (writer), and retention on demand (admin). Each answers
 * 201 once the record is committed, so a client that got 201 knows it is stored.
 */
import type { FastifyInstance } from 'fastify';
import type { DecisionInput } from '../../records/index.js';
import type { ApiContext } from './context.js';
import { checkReportDecision } from './check-report.js';
import { validBody } from './request-checks.js';

interface DecisionBody extends Omit<DecisionInput, 'time' | 'images'> {
  readonly time?: string;
  readonly images: readonly {
    image: string;
    digest?: string;
    allowed: boolean;
    reasons?: string[];
  }[];
}

const DAY_MS = 86_400_000;

export function registerWriteRoutes(app: FastifyInstance, context: ApiContext): void {
  const { store, access, logger } = context;

  app.post('/api/v1/check-results', async (request, reply) => {
    const caller = access(request, 'writer');
    const decision = checkReportDecision(request.body);
    const id = await store.record(decision);
    logger.info(
      { caller: caller?.identity, id, pipeline: decision.pipeline, outcome: decision.outcome },
      'check report recorded',
    );
    return reply.code(201).send({ id: String(id) });
  });

  app.post('/api/v1/decisions', async (request, reply) => {
    const caller = access(request, 'writer');
    const body = validBody<DecisionBody>(request.body, 'DecisionBody');
    const id = await store.record({
      ...body,
      time: body.time === undefined ? new Date() : new Date(body.time),
      warnings: body.warnings ?? [],
      images: body.images.map((image) => ({ ...image, reasons: image.reasons ?? [] })),
    });
    logger.info(
      { caller: caller?.identity, id, source: body.source, outcome: body.outcome },
      'decision recorded',
    );
    return reply.code(201).send({ id: String(id) });
  });

  app.post('/api/v1/retention', async (request) => {
    const caller = access(request, 'admin');
    const body = validBody<{ maxAgeDays?: number; maxDecisions?: number }>(
      request.body,
      'RetentionBody',
    );
    const deleted = await store.prune({
      ...(body.maxAgeDays === undefined ? {} : { maxAgeMs: body.maxAgeDays * DAY_MS }),
      ...(body.maxDecisions === undefined ? {} : { maxDecisions: body.maxDecisions }),
    });
    logger.info({ caller: caller?.identity, deleted }, 'retention applied');
    return { deleted };
  });
}
