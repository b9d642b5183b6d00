/** Options of the embedded registry, their defaults and their validation. */
import {
  resolveServerLimits,
  type ServerLimits,
  type ServingCertificate,
} from '../core/http/index.js';
import { MAX_MANIFEST_BYTES } from '../oci/manifest/index.js';
import { embeddedRegistryError } from './errors.js';
import { FilesystemStorage } from './filesystem-storage.js';
import { MemoryStorage } from './memory-storage.js';
import type { RegistryStorage } from './storage.js';

export type StorageOption =
  { readonly kind: 'memory' } | { readonly kind: 'filesystem'; readonly directory: string };

export interface RegistryServerOptions {
  /** Default 127.0.0.1: the registry is for demos and tests, not for the network at large. */
  readonly host?: string;
  /** Default 0: the system picks a free port, reported in the result. */
  readonly port?: number;
  /** Default memory. */
  readonly storage?: StorageOption;
  /** Default true; false emulates distribution 2.8 (no referrers API, no OCI-Subject). */
  readonly referrersApi?: boolean;
  /** Basic auth users (name → password); none means no authentication. */
  readonly users?: Readonly<Record<string, string>>;
  /** With users: allow GET and HEAD without credentials. Default false. */
  readonly anonymousRead?: boolean;
  readonly realm?: string;
  /** Largest blob accepted. Default 512 MiB: bigger than any image layer a test or demo needs. */
  readonly maxBlobBytes?: number;
  /** Idle uploads are dropped after this. Default 15 minutes: a paused client has long resumed by then. */
  readonly uploadIdleTimeoutMs?: number;
  /** Concurrent upload sessions. Default 256: far above a demo's parallelism, bounds abandoned ones. */
  readonly maxUploadSessions?: number;
  /** Serve HTTPS with this certificate; without it, plain HTTP (clients then need it allowed). */
  readonly tls?: ServingCertificate;
  /** Timeouts and the connection cap (server-limits.ts); unset ones take REGISTRY_SERVER_LIMITS. */
  readonly limits?: Partial<ServerLimits>;
  /** Called with unexpected (non-protocol) errors, for the operator's log. */
  readonly onInternalError?: (error: unknown) => void;
}

/**
 * The shared defaults, but 10 minutes for a whole request instead of 60 s: a blob arrives
 * in one PATCH or PUT, and the largest accepted (512 MiB) needs 9 minutes at 1 MiB/s. A
 * stalled upload is still cut off by the 30 s idle timeout, and slow ones are bounded in
 * number by the connection cap.
 */
export const REGISTRY_SERVER_LIMITS: Partial<ServerLimits> = { requestTimeoutMs: 10 * 60_000 };

export interface ResolvedRegistryOptions {
  readonly host: string;
  readonly port: number;
  readonly storage: RegistryStorage;
  readonly referrersApi: boolean;
  readonly users?: Readonly<Record<string, string>>;
  readonly anonymousRead: boolean;
  readonly realm: string;
  readonly maxBlobBytes: number;
  readonly maxManifestBytes: number;
  readonly uploadIdleTimeoutMs: number;
  readonly maxUploadSessions: number;
  readonly limits: ServerLimits;
  readonly tls?: ServingCertificate;
  readonly onInternalError: (error: unknown) => void;
}

function positiveInteger(value: number | undefined, fallback: number, option: string): number {
  const result = value ?? fallback;
  if (!Number.isSafeInteger(result) || result <= 0) {
    throw embeddedRegistryError(
      'EMBEDDED_REGISTRY_CONFIG_INVALID',
      `registry option ${option} must be a positive integer, got ${result}`,
    );
  }
  return result;
}

function serverLimits(overrides: Partial<ServerLimits> | undefined): ServerLimits {
  try {
    return resolveServerLimits({ ...REGISTRY_SERVER_LIMITS, ...overrides });
  } catch (error) {
    throw embeddedRegistryError(
      'EMBEDDED_REGISTRY_CONFIG_INVALID',
      `registry ${(error as Error).message}`,
    );
  }
}

function checkUsers(users: Readonly<Record<string, string>> | undefined): void {
  for (const [name, password] of Object.entries(users ?? {})) {
    // RFC 7617: the user-id cannot contain a colon; an empty password would be no protection.
    if (name === '' || name.includes(':') || typeof password !== 'string' || password === '') {
      throw embeddedRegistryError(
        'EMBEDDED_REGISTRY_CONFIG_INVALID',
        `registry user "${name.slice(0, 64)}" needs a name without ":" and a non-empty password`,
      );
    }
  }
}

function makeStorage(option: StorageOption): RegistryStorage {
  switch (option.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'filesystem':
      return new FilesystemStorage(option.directory);
  }
}

export function resolveRegistryOptions(
  options: RegistryServerOptions = {},
): ResolvedRegistryOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw embeddedRegistryError(
      'EMBEDDED_REGISTRY_CONFIG_INVALID',
      `registry port must be 0..65535, got ${port}`,
    );
  }
  checkUsers(options.users);
  return {
    host: options.host ?? '127.0.0.1',
    port,
    storage: makeStorage(options.storage ?? { kind: 'memory' }),
    referrersApi: options.referrersApi ?? true,
    users:
      options.users !== undefined && Object.keys(options.users).length > 0
        ? options.users
        : undefined,
    anonymousRead: options.anonymousRead ?? false,
    realm: (options.realm ?? 'Signet embedded registry').replace(/["\\\r\n]/g, ''),
    maxBlobBytes: positiveInteger(options.maxBlobBytes, 512 * 1024 * 1024, 'maxBlobBytes'),
    maxManifestBytes: MAX_MANIFEST_BYTES,
    uploadIdleTimeoutMs: positiveInteger(
      options.uploadIdleTimeoutMs,
      15 * 60 * 1000,
      'uploadIdleTimeoutMs',
    ),
    maxUploadSessions: positiveInteger(options.maxUploadSessions, 256, 'maxUploadSessions'),
    limits: serverLimits(options.limits),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    onInternalError: options.onInternalError ?? (() => undefined),
  };
}
