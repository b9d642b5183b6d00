/**
 * Starts Signet's lookaside signature server (`signet serve lookaside`): the lookaside
 * layout served read-only over HTTP(S) from a folder, plus an authenticated upload API.
 *
 * Built on node:http rather than fastify: requests are judged on their raw, undecoded path
 * (signature-path.ts), which a framework's router would normalise first.
 */
import type { AddressInfo } from 'node:net';
import {
  createLimitedServer,
  resolveServerLimits,
  type ServerLimits,
  type ServingCertificate,
} from '../../../core/http/index.js';
import { describeError } from '../../../core/errors.js';
import type { PublicKeys } from '../../gpg/index.js';
import { lookasideServerError } from './errors.js';
import { createLookasideHandler } from './handler.js';
import type { TokenChecker } from './tokens.js';

/** 64 KiB: an RSA-4096 simple signature is under 1 KiB, so this leaves room without inviting floods. */
export const DEFAULT_MAX_SIGNATURE_BYTES = 64 * 1024;

/**
 * The shared defaults (server-limits.ts), but 30 s for a whole request instead of 60 s: a
 * request carries at most one signature of a few kilobytes.
 */
export const LOOKASIDE_SERVER_LIMITS: Partial<ServerLimits> = { requestTimeoutMs: 30_000 };

export interface LookasideServerOptions {
  /** Folder holding `<repo>@<algo>=<hex>/signature-N`, the same layout as a file:// store. */
  readonly storage: string;
  readonly tokens: TokenChecker;
  /** When given, uploads must verify with one of these keys. */
  readonly keyring?: PublicKeys;
  readonly host?: string;
  readonly port?: number;
  readonly maxSignatureBytes?: number;
  /** Serve HTTPS with this certificate; without it, plain HTTP (upload tokens then travel in clear). */
  readonly tls?: ServingCertificate;
  /** Timeouts and the connection cap; unset ones take LOOKASIDE_SERVER_LIMITS. */
  readonly limits?: Partial<ServerLimits>;
  readonly log?: (line: string) => void;
}

export interface RunningLookasideServer {
  /** `http(s)://host:port`, the base URL to configure as `lookaside` in registries.d. */
  readonly url: string;
  close(): Promise<void>;
}

function serverLimits(overrides: Partial<ServerLimits> | undefined): ServerLimits {
  try {
    return resolveServerLimits({ ...LOOKASIDE_SERVER_LIMITS, ...overrides });
  } catch (error) {
    throw lookasideServerError(
      'LOOKASIDE_SERVER_CONFIG_INVALID',
      `signature server ${describeError(error)}`,
    );
  }
}

export async function startLookasideServer(
  options: LookasideServerOptions,
): Promise<RunningLookasideServer> {
  const handler = createLookasideHandler({
    storage: options.storage,
    tokens: options.tokens,
    ...(options.keyring === undefined ? {} : { keyring: options.keyring }),
    maxBodyBytes: options.maxSignatureBytes ?? DEFAULT_MAX_SIGNATURE_BYTES,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const limits = serverLimits(options.limits);
  let server: ReturnType<typeof createLimitedServer>;
  try {
    server = createLimitedServer(limits, options.tls, handler);
  } catch (error) {
    throw lookasideServerError(
      'LOOKASIDE_SERVER_CONFIG_INVALID',
      `the signature server's TLS certificate and key are not a usable pair: ${describeError(error)}`,
    );
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        lookasideServerError(
          'LOOKASIDE_SERVER_START_FAILED',
          `the signature server cannot listen on ${host}:${port}: ${error.message}; choose another address with --listen`,
          { cause: error },
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
