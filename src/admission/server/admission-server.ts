/**
 * The webhook's HTTPS server: fastify on node:https with the routes of routes.ts, the
 * serving certificate reloaded from its files when they change, and a clean shutdown.
 * Every client is untrusted until its request is parsed: the shared server limits
 * (core/http) bound handshakes, headers, requests, idle sockets and connections, and
 * bodies are read with the bounded JSON reader (json-body.ts).
 * A composition root: it wires the decider, metrics, logger and decision store.
 */
import Fastify from 'fastify';
import { pino, type Logger } from 'pino';
import {
  applyServerLimits,
  fastifyServerLimitOptions,
  resolveServerLimits,
  tlsServerLimitOptions,
  type ServerLimits,
} from '../../core/http/index.js';
import type { CompiledPolicySet } from '../../policy/index.js';
import type { DecisionStore } from '../../records/index.js';
import { AdmissionDecider, type DeciderOptions } from '../decide/index.js';
import type { PolicyStatus } from '../policies/index.js';
import { MAX_REVIEW_BYTES, useBoundedReviewBodies } from './json-body.js';
import { createAdmissionMetrics, type AdmissionMetrics } from './metrics.js';
import { registerRoutes } from './routes.js';
import { readTlsMaterial, watchTlsFiles, type TlsFiles } from './tls-files.js';

export { MAX_REVIEW_BYTES };
/** Certificate files are polled this often; cert-manager renews days ahead, so seconds are plenty. */
export const DEFAULT_TLS_RELOAD_MS = 10_000;
/**
 * The shared defaults, but a whole request in 30 s: the API server gives a webhook at most
 * 30 s (timeoutSeconds), so a request still arriving after that has no one waiting for it.
 */
const WEBHOOK_SERVER_LIMITS: Partial<ServerLimits> = { requestTimeoutMs: 30_000 };

export interface AdmissionServerOptions {
  readonly host?: string;
  readonly port?: number;
  readonly tls: TlsFiles & { readonly reloadIntervalMs?: number };
  readonly decider: Omit<DeciderOptions, 'observer'>;
  /** Absent until compiled: /readyz answers 503 and reviews are refused until setPolicies. */
  readonly policies?: CompiledPolicySet;
  /** The policy sources' state, shown by /readyz (the PolicyReloader's status). */
  readonly policyStatus?: () => PolicyStatus;
  readonly store?: DecisionStore;
  readonly logger?: Logger;
  readonly pinDigests?: boolean;
  /** Overrides of the shared server limits (tests use small ones). */
  readonly limits?: Partial<ServerLimits>;
}

export interface AdmissionServer {
  readonly url: string;
  readonly port: number;
  readonly metrics: AdmissionMetrics;
  readonly decider: AdmissionDecider;
  setPolicies(set: CompiledPolicySet): void;
  /** Re-reads the certificate files now (the watcher does this on change). */
  reloadTls(): Promise<void>;
  close(): Promise<void>;
}

export async function startAdmissionServer(
  options: AdmissionServerOptions,
): Promise<AdmissionServer> {
  const logger = options.logger ?? pino({ name: 'signet-webhook' });
  const metrics = createAdmissionMetrics();
  const decider = new AdmissionDecider({ ...options.decider, observer: metrics.observer });
  if (options.policies !== undefined) decider.setPolicies(options.policies);
  const material = await readTlsMaterial(options.tls);
  const limits = resolveServerLimits({ ...WEBHOOK_SERVER_LIMITS, ...options.limits });

  const app = Fastify({
    https: {
      cert: material.cert,
      key: material.key,
      minVersion: 'TLSv1.2',
      ...tlsServerLimitOptions(limits),
    },
    ...fastifyServerLimitOptions(limits),
    bodyLimit: MAX_REVIEW_BYTES,
    logger: false,
  });
  applyServerLimits(app.server, limits);
  useBoundedReviewBodies(app);
  registerRoutes(app, {
    decider,
    metrics,
    logger,
    ...(options.store === undefined ? {} : { store: options.store }),
    ...(options.policyStatus === undefined ? {} : { policyStatus: options.policyStatus }),
    pinDigests: options.pinDigests ?? false,
  });
  const server = app.server;
  const apply = (next: { cert: string; key: string }) => {
    server.setSecureContext({ cert: next.cert, key: next.key, minVersion: 'TLSv1.2' });
    logger.info({ certFile: options.tls.certFile }, 'serving certificate reloaded');
  };
  const stopWatching = watchTlsFiles(
    options.tls,
    options.tls.reloadIntervalMs ?? DEFAULT_TLS_RELOAD_MS,
    apply,
    (error) =>
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'certificate reload skipped',
      ),
  );

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  logger.info({ port, policyRevision: options.policies?.revision }, 'signet webhook listening');

  return {
    url: `https://${urlHost}:${port}`,
    port,
    metrics,
    decider,
    setPolicies: (set) => decider.setPolicies(set),
    reloadTls: async () => apply(await readTlsMaterial(options.tls)),
    async close() {
      stopWatching();
      await app.close();
      await decider.close();
    },
  };
}
