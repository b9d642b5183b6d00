/**
 * Starts Signet's lookaside signature server (`signet serve lookaside`): the lookaside
 * layout served read-only over HTTP from a folder, plus an authenticated upload API.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PublicKeys } from '../../gpg/index.js';
import { createLookasideHandler } from './handler.js';
import type { TokenChecker } from './tokens.js';

/** 64 KiB: an RSA-4096 simple signature is under 1 KiB, so this leaves room without inviting floods. */
export const DEFAULT_MAX_SIGNATURE_BYTES = 64 * 1024;

export interface LookasideServerOptions {
  /** Folder holding `<repo>@<algo>=<hex>/signature-N`, the same layout as a file:// store. */
  readonly storage: string;
  readonly tokens: TokenChecker;
  /** When given, uploads must verify with one of these keys. */
  readonly keyring?: PublicKeys;
  readonly host?: string;
  readonly port?: number;
  readonly maxSignatureBytes?: number;
  readonly log?: (line: string) => void;
}

export interface RunningLookasideServer {
  /** `http://host:port`, the base URL to configure as `lookaside` in registries.d. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startLookasideServer(
  options: LookasideServerOptions,
): Promise<RunningLookasideServer> {
  const server = createServer(
    createLookasideHandler({
      storage: options.storage,
      tokens: options.tokens,
      ...(options.keyring === undefined ? {} : { keyring: options.keyring }),
      maxBodyBytes: options.maxSignatureBytes ?? DEFAULT_MAX_SIGNATURE_BYTES,
      ...(options.log === undefined ? {} : { log: options.log }),
    }),
  );
  // Slow clients are cut off: a whole request within 30 s, its headers within 10 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
