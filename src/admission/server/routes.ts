/**
 * The webhook's HTTP routes: `/validate` and `/mutate` (AdmissionReview v1),
 * `/gatekeeper/verify` (external data), and `/healthz`, `/readyz`, `/metrics`.
 * Every body is attacker-influenced and parsed strictly; a malformed one is answered 400
 * and the server keeps serving.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { isSignetError } from '../../core/errors.js';
import type { DecisionStore } from '../../records/index.js';
import type { AdmissionErrorCode } from '../errors.js';
import type { AdmissionDecider } from '../decide/index.js';
import type { PolicyStatus } from '../policies/index.js';
import { deniedJudgement, type ImageJudgement } from '../decide/index.js';
import {
  imageOfKey,
  parseProviderRequest,
  providerResponse,
  providerSystemError,
  type ProviderKey,
} from '../gatekeeper/index.js';
import { admissionReviewResponse, parseAdmissionReview, truncate } from '../review/index.js';
import {
  gatekeeperRecord,
  outcomeOf,
  recordInBackground,
  reviewRecord,
} from './decision-record.js';
import type { AdmissionMetrics, DecisionOutcomeLabel, DecisionRoute } from './metrics.js';

export interface RouteDependencies {
  readonly decider: AdmissionDecider;
  readonly metrics: AdmissionMetrics;
  readonly logger: Logger;
  readonly store?: DecisionStore;
  /** Whether `/mutate` pins verified images to their digests; off, it admits unchanged. */
  readonly pinDigests: boolean;
  /** Where the policies come from and their problems, shown by /readyz. */
  readonly policyStatus?: () => PolicyStatus;
}

export const ADMISSION_ROUTES = {
  validate: '/validate',
  mutate: '/mutate',
  gatekeeper: '/gatekeeper/verify',
  healthz: '/healthz',
  readyz: '/readyz',
  metrics: '/metrics',
} as const;

export function registerRoutes(app: FastifyInstance, deps: RouteDependencies): void {
  const { decider, metrics, logger } = deps;
  const notReady = (reply: FastifyReply, detail?: PolicyStatus) =>
    reply.code(503).send({
      code: code('ADMISSION_NOT_READY'),
      message: `policies are not compiled yet${waitingFor(detail)}; retry shortly`,
      ...(detail === undefined ? {} : { policies: detail }),
    });

  app.get(ADMISSION_ROUTES.healthz, () => ({ status: 'ok' }));
  app.get(ADMISSION_ROUTES.readyz, (_request, reply) => {
    const detail = deps.policyStatus?.();
    return decider.policies === undefined
      ? notReady(reply, detail)
      : {
          status: 'ready',
          policyRevision: decider.policies.revision,
          ...(detail === undefined ? {} : { policies: detail }),
        };
  });
  app.get(ADMISSION_ROUTES.metrics, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  for (const route of ['validate', 'mutate'] as const) {
    app.post(ADMISSION_ROUTES[route], async (request, reply) => {
      const started = performance.now();
      const review = parseAdmissionReview(request.body);
      if (decider.policies === undefined) return notReady(reply);
      const { uid } = review.request;
      if (route === 'mutate' && !deps.pinDigests) {
        finish(route, 'skipped', started);
        return admissionReviewResponse(uid, { allowed: true });
      }
      const revision = decider.policies.revision;
      const decision = await decider.decideReview(review.request, route);
      const durationMs = performance.now() - started;
      const outcome =
        decision.skipped !== undefined ? 'skipped' : outcomeOf(decision.allowed, decision.warnings);
      finish(route, outcome, started);
      if (decision.timedOut) metrics.deadlines.inc({ route });
      if (decision.skipped === undefined) {
        logger.info(
          {
            uid,
            route,
            kind: review.request.kind.kind,
            namespace: review.request.namespace,
            name: review.request.name,
            outcome,
            durationMs: Math.round(durationMs),
            ...(decision.allowed ? {} : { message: decision.message }),
          },
          'admission decision',
        );
        if (route === 'validate') {
          recordInBackground(
            deps.store,
            reviewRecord(review.request, decision, revision, durationMs),
            logger,
            () => metrics.recordFailures.inc(),
          );
        }
      }
      return admissionReviewResponse(uid, {
        allowed: decision.allowed,
        ...(decision.message === undefined ? {} : { message: decision.message }),
        warnings: decision.warnings,
        patch: decision.patch,
      });
    });
  }

  app.post(ADMISSION_ROUTES.gatekeeper, async (request, reply) => {
    const started = performance.now();
    const provider = parseProviderRequest(request.body);
    if (decider.policies === undefined) return notReady(reply);
    if ('systemError' in provider) {
      finish('gatekeeper', 'malformed', started);
      logger.warn(
        { url: shortUrl(request.url), problem: provider.systemError },
        'malformed request',
      );
      return providerSystemError(provider.apiVersion, provider.systemError);
    }
    const revision = decider.policies.revision;
    const judgements = await judgeKeys(decider, provider.keys);
    const durationMs = performance.now() - started;
    finish(
      'gatekeeper',
      outcomeOf(
        judgements.every((j) => j.allowed),
        judgements.flatMap((j) => j.warnings),
      ),
      started,
    );
    recordInBackground(deps.store, gatekeeperRecord(judgements, revision, durationMs), logger, () =>
      metrics.recordFailures.inc(),
    );
    return providerResponse(
      provider.apiVersion,
      provider.keys.map((k) => k.key),
      judgements,
    );
  });

  app.setErrorHandler((error, request, reply) => {
    if (isSignetError(error) && error.code === 'ADMISSION_REVIEW_INVALID') {
      metrics.decisions.inc({ route: routeOf(request.url), outcome: 'malformed' });
      logger.warn({ url: shortUrl(request.url), problem: error.message }, 'malformed request');
      return reply.code(400).send({ code: error.code, message: error.message });
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 413) {
      metrics.decisions.inc({ route: routeOf(request.url), outcome: 'malformed' });
      return reply.code(413).send({
        code: code('ADMISSION_REVIEW_TOO_LARGE'),
        message: 'the request body exceeds 3 MiB, the API server limit for an AdmissionReview',
      });
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      metrics.decisions.inc({ route: routeOf(request.url), outcome: 'malformed' });
      return reply.code(status).send({
        code: code('ADMISSION_REVIEW_INVALID'),
        message: truncate(`malformed request: ${(error as Error).message}`, 1024),
      });
    }
    logger.error(
      { url: shortUrl(request.url), err: truncate((error as Error).message, 1024) },
      'admission request failed',
    );
    return reply.code(500).send({
      code: code('ADMISSION_FAILED'),
      message: 'Signet could not decide; see the webhook log',
    });
  });

  function finish(route: DecisionRoute, outcome: DecisionOutcomeLabel, started: number) {
    metrics.decisions.inc({ route, outcome });
    metrics.latency.observe({ route }, (performance.now() - started) / 1000);
  }
}

/** Error codes in HTTP bodies come from the module's table, so docs/errors.md lists them. */
const code = (name: AdmissionErrorCode): AdmissionErrorCode => name;

/** Keys that are no image reference are denied as such; the others are judged together. */
async function judgeKeys(
  decider: AdmissionDecider,
  keys: readonly ProviderKey[],
): Promise<ImageJudgement[]> {
  const images = keys.filter((k) => k.problem === undefined).map((k) => imageOfKey(k.key));
  const judged = await decider.decideImages(images);
  let next = 0;
  return keys.map((k) =>
    k.problem === undefined
      ? judged[next++]!
      : deniedJudgement(k.key, 'invalid-reference', k.problem),
  );
}

/** The request target, which the client chose, cut for the log. */
function shortUrl(url: string): string {
  return truncate(url, 256);
}

/** Names the sources still missing and why, so the 503 explains itself. */
function waitingFor(detail: PolicyStatus | undefined): string {
  const missing = (detail?.sources ?? []).filter((s) => !s.synced);
  if (missing.length === 0) return '';
  return `: waiting for ${missing.map((s) => (s.lastError === undefined ? s.name : `${s.name} (${s.lastError})`)).join('; ')}`;
}

function routeOf(url: string): DecisionRoute {
  if (url.startsWith(ADMISSION_ROUTES.mutate)) return 'mutate';
  if (url.startsWith(ADMISSION_ROUTES.gatekeeper)) return 'gatekeeper';
  return 'validate';
}
