/**
 * Blob upload sessions (distribution spec, "Pushing blobs"): the server-side state of a
 * chunked or two-step upload. Bytes live in storage; the running size and hashes live
 * here, so finishing an upload verifies its digest without reading it back. Sessions
 * expire when idle and their number is bounded, so abandoned uploads cannot fill memory
 * or disk; a restart forgets them (clients then start over, as the spec allows).
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import type { DigestAlgorithm } from '../core/digest.js';
import { DistributionError } from './distribution-error.js';
import type { RegistryStorage } from './storage.js';

export interface UploadSession {
  readonly id: string;
  readonly repository: string;
  size: number;
  touchedAt: number;
  /** A request is streaming into this session; a second one must not interleave bytes. */
  busy: boolean;
  readonly hashes: Readonly<Record<DigestAlgorithm, Hash>>;
}

export interface UploadSessionLimits {
  readonly idleTimeoutMs: number;
  readonly maxSessions: number;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();
  /** Slots taken by starts still awaiting storage; counted so a burst cannot overshoot the cap. */
  private starting = 0;

  constructor(
    private readonly storage: RegistryStorage,
    private readonly limits: UploadSessionLimits,
  ) {}

  /**
   * Opens a session. The slot is checked and taken in the same synchronous step, before
   * storage is awaited: checking first and taking the slot after the await let every
   * request of a burst pass the check (300 starts against a cap of 256 all succeeded).
   */
  async start(repository: string): Promise<UploadSession> {
    await this.purgeExpired();
    if (this.sessions.size + this.starting >= this.limits.maxSessions) {
      throw new DistributionError(
        'TOOMANYREQUESTS',
        `too many uploads in progress (at most ${this.limits.maxSessions}); finish or cancel one, or retry later`,
        { limit: this.limits.maxSessions },
      );
    }
    this.starting++;
    const id = randomUUID();
    try {
      await this.storage.createUpload(id);
    } catch (error) {
      await this.storage.deleteUpload(id).catch(() => undefined);
      throw error;
    } finally {
      this.starting--;
    }
    const session: UploadSession = {
      id,
      repository,
      size: 0,
      touchedAt: Date.now(),
      busy: false,
      hashes: { sha256: createHash('sha256'), sha512: createHash('sha512') },
    };
    this.sessions.set(id, session);
    return session;
  }

  /** The session `id` of `repository`; the id comes from the request path (attacker input). */
  get(repository: string, id: string): UploadSession {
    const session = UUID_PATTERN.test(id) ? this.sessions.get(id) : undefined;
    if (session === undefined || session.repository !== repository || this.expired(session)) {
      throw new DistributionError('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', {
        uuid: id.slice(0, 64),
      });
    }
    return session;
  }

  /** Marks the session busy for the duration of `work`; refuses concurrent writers. */
  async exclusive<T>(session: UploadSession, work: () => Promise<T>): Promise<T> {
    if (session.busy) {
      throw new DistributionError(
        'BLOB_UPLOAD_INVALID',
        'another request is writing to this upload',
      );
    }
    session.busy = true;
    try {
      return await work();
    } finally {
      session.busy = false;
      session.touchedAt = Date.now();
    }
  }

  /** Forgets the session; with `discard` also deletes its bytes. */
  async end(session: UploadSession, discard: boolean): Promise<void> {
    this.sessions.delete(session.id);
    if (discard) await this.storage.deleteUpload(session.id);
  }

  async purgeExpired(): Promise<void> {
    for (const session of [...this.sessions.values()]) {
      if (!session.busy && this.expired(session)) await this.end(session, true);
    }
  }

  async closeAll(): Promise<void> {
    for (const session of [...this.sessions.values()]) await this.end(session, true);
  }

  private expired(session: UploadSession): boolean {
    return !session.busy && Date.now() - session.touchedAt > this.limits.idleTimeoutMs;
  }
}
