/**
 * Starts a transparency-log server: key (loaded or generated), store (migrated), log
 * service (state checked), HTTP listener. `close()` stops listening, writes what is queued
 * and closes the database.
 */
import type { KeyObject } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { openLogStore } from '../store/index.js';
import { buildTlogApp, type TlogAppOptions } from './app.js';
import { loadOrCreateLogKey } from './log-key-file.js';
import { LogService, type LogServiceOptions } from './log-service.js';

/** Default data directory, relative to the working directory. */
export const DEFAULT_TLOG_DATA_DIR = './signet-data/tlog';

export interface TlogServerOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir?: string;
  /** PEM file of an ECDSA P-256 private key; default: generated into the data directory. */
  readonly keyPath?: string;
  /** sqlite:PATH or postgres://…; default sqlite:<dataDir>/tlog.db. */
  readonly database?: string;
  /** Checkpoint name; default: the listen host, or the machine's hostname for a wildcard. */
  readonly hostname?: string;
  readonly batching?: LogServiceOptions['batching'];
  readonly onInternalError?: (error: unknown) => void;
  /** Overrides of the shared server limits (timeouts, connections). */
  readonly limits?: TlogAppOptions['limits'];
  /** Serve HTTPS; with a client CA, client certificates may authenticate writes. */
  readonly tls?: TlogAppOptions['tls'];
  /** Write authentication and rate limit; off by default, as in Rekor. */
  readonly write?: TlogAppOptions['write'];
}

export interface RunningTlogServer {
  /** http(s)://host:port, with the port actually bound. */
  readonly url: string;
  readonly logId: string;
  readonly treeId: string;
  readonly hostname: string;
  readonly keyPath: string;
  readonly keyGenerated: boolean;
  /** The log's public key, for verifiers in the same process (`serve all --webhook`). */
  readonly publicKey: KeyObject;
  close(): Promise<void>;
}

export async function startTlogServer(options: TlogServerOptions): Promise<RunningTlogServer> {
  const dataDir = options.dataDir ?? DEFAULT_TLOG_DATA_DIR;
  const key = await loadOrCreateLogKey(dataDir, options.keyPath);
  const store = await openLogStore(options.database ?? `sqlite:${join(dataDir, 'tlog.db')}`);
  const hostname = options.hostname ?? defaultHostname(options.host);
  let log: LogService;
  try {
    log = await LogService.open({ store, ...key, hostname, batching: options.batching });
  } catch (error) {
    await store.close();
    throw error;
  }
  let app: ReturnType<typeof buildTlogApp>;
  try {
    app = buildTlogApp(log, {
      onInternalError: options.onInternalError,
      limits: options.limits,
      tls: options.tls,
      write: options.write,
    });
  } catch (error) {
    await log.close();
    throw error;
  }
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await log.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${port}`,
    logId: log.identity.logId,
    treeId: log.identity.treeId,
    hostname,
    keyPath: key.path,
    keyGenerated: key.generated,
    publicKey: key.publicKey,
    async close() {
      await app.close();
      await log.close();
    },
  };
}

/**
 * sigstore-js accepts a checkpoint only if its signature name occurs in the trusted
 * baseUrl (reference section 1.5), so the host clients dial is the natural name.
 */
function defaultHostname(listenHost: string): string {
  return ['0.0.0.0', '::', ''].includes(listenHost) ? osHostname() : listenHost;
}
