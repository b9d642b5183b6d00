/**
 * `signet serve`'s HTTP side: the API (api/), its OpenAPI document and the dashboard
 * (dashboard/) on one fastify server, over TLS when given a certificate. The shared server
 * limits (core/http) bound every client; JSON bodies are read with the bounded reader.
 * Retention runs on a timer. A composition root: only the CLI and tests import it.
 */
import Fastify from 'fastify';
import { pino, type Logger } from 'pino';
import {
  applyServerLimits,
  fastifyServerLimitOptions,
  httpServerLimitOptions,
  resolveServerLimits,
  tlsServerLimitOptions,
  useBoundedJsonBodies,
  type ServerLimits,
  type ServingCertificate,
} from '../core/http/index.js';
import type { DecisionStore, RetentionRule } from '../records/index.js';
import { accessControl } from './api/auth.js';
import { registerMetaRoutes } from './api/routes-meta.js';
import { registerReadRoutes } from './api/routes-read.js';
import { registerWriteRoutes } from './api/routes-write.js';
import { registerDashboardRoutes } from './dashboard/routes.js';
import { answerError } from './error-answers.js';
import { uiError } from './errors.js';
import { tlogStatusReader } from './tlog-status.js';
import type { RoleTokens } from './tokens.js';

/** A CI report of many images with long messages fits; anything larger is no report. */
export const MAX_API_BODY_BYTES = 4 * 1024 * 1024;
/** Retention runs hourly: records are an audit trail, a few more hours of them cost nothing. */
export const DEFAULT_RETENTION_INTERVAL_MS = 3_600_000;

export interface SignetServerOptions {
  readonly host?: string;
  readonly port?: number;
  readonly store: DecisionStore;
  readonly tokens?: RoleTokens;
  readonly publicRead?: boolean;
  readonly tls?: ServingCertificate;
  /** The transparency log whose status the dashboard shows. */
  readonly tlogUrl?: string;
  readonly loadedPolicies?: () => readonly string[] | undefined;
  readonly retention?: RetentionRule & { readonly intervalMs?: number };
  readonly logger?: Logger;
  readonly limits?: Partial<ServerLimits>;
}

export interface SignetServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startSignetServer(options: SignetServerOptions): Promise<SignetServer> {
  if (options.tokens === undefined && options.publicRead !== true) {
    throw uiError(
      'UI_SERVER_OPTIONS_INVALID',
      'give a token file (--token-file) or allow public reads (--public-read); otherwise no one could use the server',
    );
  }
  const logger = options.logger ?? pino({ name: 'signet-server' });
  const limits = resolveServerLimits(options.limits);
  const app = Fastify({
    ...fastifyServerLimitOptions(limits),
    ...(options.tls === undefined
      ? { http: httpServerLimitOptions(limits) }
      : {
          https: {
            cert: options.tls.cert,
            key: options.tls.key,
            minVersion: 'TLSv1.2' as const,
            ...tlsServerLimitOptions(limits),
          },
        }),
    bodyLimit: MAX_API_BODY_BYTES,
    logger: false,
  });
  applyServerLimits(app.server, limits);
  useBoundedJsonBodies(
    app,
    { maxChars: MAX_API_BODY_BYTES, maxDepth: 32, maxValues: 500_000 },
    (message, problem) =>
      uiError('UI_REQUEST_INVALID', message, { details: { problem, field: '' } }),
  );
  app.setErrorHandler((error, request, reply) => answerError(error, request, reply, logger));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      code: 'UI_NOT_FOUND',
      message: `${request.method} ${request.url.split('?')[0]!.slice(0, 256)} is not a page or API route of Signet`,
    }),
  );
  const tlog = tlogStatusReader(options.tlogUrl);
  const context = {
    store: options.store,
    access: accessControl({
      ...(options.tokens === undefined ? {} : { tokens: options.tokens }),
      publicRead: options.publicRead === true,
    }),
    tlog,
    ...(options.loadedPolicies === undefined ? {} : { loadedPolicies: options.loadedPolicies }),
    logger,
  };
  registerMetaRoutes(app, context);
  registerReadRoutes(app, context);
  registerWriteRoutes(app, context);
  registerDashboardRoutes(app);

  const stopRetention = startRetention(options, logger);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    stopRetention();
    await tlog.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${urlHost}:${port}`,
    port,
    async close() {
      stopRetention();
      await app.close();
      await tlog.close();
    },
  };
}

function startRetention(options: SignetServerOptions, logger: Logger): () => void {
  const rule = options.retention;
  if (rule === undefined || (rule.maxAgeMs === undefined && rule.maxDecisions === undefined))
    return () => undefined;
  const apply = () => {
    options.store.prune(rule).then(
      (deleted) => deleted > 0 && logger.info({ deleted }, 'retention removed old decisions'),
      (error: unknown) =>
        logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'retention failed',
        ),
    );
  };
  apply();
  const timer = setInterval(apply, rule.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
