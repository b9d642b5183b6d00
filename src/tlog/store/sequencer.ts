/**
 * The sequencer: the log's single writer. Proposals queue up; a batch closes when it holds
 * `maxBatchSize` entries or `maxBatchDelayMs` after its first entry arrived, and is then
 * written in ONE transaction with its subtree hashes and ONE new signed checkpoint. Every
 * proposer's promise settles only after that transaction commits, so an acknowledged entry
 * is durable. While a batch commits, the next one accumulates and is written as soon as
 * the commit returns (group commit).
 *
 * Duplicates (same canonical leaf) resolve to the existing entry, including duplicates
 * inside one batch: the first copy is written, the others resolve to it.
 */
import { encodeBase64 } from '../../core/base64.js';
import type { CanonicalEntry } from '../entry/index.js';
import { signEntryTimestamp } from '../entry/index.js';
import { issueCheckpoint, type CheckpointIssuer } from './checkpoint-issuer.js';
import { storeError } from './errors.js';
import { loadFrontier } from './load-frontier.js';
import type { MerkleFrontier } from './frontier.js';
import type {
  LogStore,
  NewEntry,
  StoredCheckpoint,
  StoredEntry,
  SubtreeHash,
} from './log-store.js';
import { inclusionProofs } from './store-proofs.js';

export interface SequencerOptions extends CheckpointIssuer {
  /** hex log ID, signed into every SET. */
  readonly logId: string;
  /** Tessera's default batch is 256 entries: large enough to amortize one fsync and one signature. */
  readonly maxBatchSize?: number;
  /**
   * How long a lone entry waits for company. 20 ms stays small next to the client's round
   * trip while concurrent proposals share a transaction (Trillian's interval is 100 ms).
   */
  readonly maxBatchDelayMs?: number;
  /** Pushback threshold, Tessera's default: beyond it proposals fail fast with BUSY. */
  readonly maxPending?: number;
  /** Wall clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
}

export type Sequenced =
  | {
      readonly status: 'created';
      readonly entry: StoredEntry;
      readonly checkpoint: StoredCheckpoint;
      readonly proof: Uint8Array[];
    }
  | { readonly status: 'duplicate'; readonly entry: StoredEntry };

interface Pending {
  readonly entry: CanonicalEntry;
  readonly resolve: (result: Sequenced) => void;
  readonly reject: (error: unknown) => void;
}

export class Sequencer {
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  private readonly maxBatchSize: number;
  private readonly maxBatchDelayMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;

  private constructor(
    private readonly store: LogStore,
    private readonly options: SequencerOptions,
    private frontier: MerkleFrontier,
    private checkpoint: StoredCheckpoint,
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 256;
    this.maxBatchDelayMs = options.maxBatchDelayMs ?? 20;
    this.maxPending = options.maxPending ?? 4096;
    this.now = options.now ?? Date.now;
  }

  /** Loads the tree state (creating the empty log's first checkpoint) and checks it. */
  static async open(store: LogStore, options: SequencerOptions): Promise<Sequencer> {
    const { frontier, checkpoint } = await loadFrontier(store, options);
    return new Sequencer(store, options, frontier, checkpoint);
  }

  /** The latest committed checkpoint. */
  get latest(): StoredCheckpoint {
    return this.checkpoint;
  }

  submit(entry: CanonicalEntry): Promise<Sequenced> {
    if (this.closed)
      return Promise.reject(
        storeError('TLOG_STORE_CLOSED', 'the log is shutting down; retry against another instance'),
      );
    if (this.pending.length >= this.maxPending) {
      return Promise.reject(
        storeError(
          'TLOG_STORE_BUSY',
          `${this.pending.length} entries are waiting to be sequenced; retry shortly`,
          { temporary: true },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  /** Stops accepting entries and waits until everything queued is written. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.length > 0 || this.flushing !== undefined) {
      if (this.flushing === undefined) this.startFlush();
      await this.flushing;
    }
  }

  private schedule(): void {
    if (this.flushing !== undefined) return;
    if (this.pending.length >= this.maxBatchSize || this.closed) {
      this.startFlush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.startFlush(), this.maxBatchDelayMs);
    }
  }

  private startFlush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing !== undefined || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatchSize);
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
      // Whatever arrived during the commit has waited long enough: write it now.
      if (this.pending.length > 0) this.startFlush();
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.writeBatch(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      // A failed COMMIT may still have committed; re-read the state before the next batch.
      await loadFrontier(this.store, this.options).then(
        (state) => ((this.frontier = state.frontier), (this.checkpoint = state.checkpoint)),
        () => undefined,
      );
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const firsts = new Map<string, Pending>();
    for (const item of batch) if (!firsts.has(item.entry.uuid)) firsts.set(item.entry.uuid, item);
    const existing = new Map(
      (await this.store.entriesByUuid([...firsts.keys()])).map((e) => [e.uuid, e]),
    );
    const frontier = this.frontier.clone();
    const integratedTime = Math.floor(this.now() / 1000);
    const entries: NewEntry[] = [];
    const subtrees: SubtreeHash[] = [];
    for (const [uuid, item] of firsts) {
      if (existing.has(uuid)) continue;
      const logIndex = frontier.size;
      const body = encodeBase64(item.entry.body);
      const set = signEntryTimestamp(this.options.signer, {
        body,
        integratedTime,
        logID: this.options.logId,
        logIndex,
      });
      const { kind, apiVersion, searchKeys } = item.entry;
      entries.push({
        logIndex,
        uuid,
        body: item.entry.body,
        integratedTime,
        kind,
        apiVersion,
        searchKeys,
        signedEntryTimestamp: set,
      });
      subtrees.push(...frontier.append(item.entry.leafHash));
    }
    let checkpoint = this.checkpoint;
    let proofs: Uint8Array[][] = [];
    if (entries.length > 0) {
      checkpoint = issueCheckpoint(this.options, frontier.size, frontier.root());
      await this.store.append({ entries, subtrees, checkpoint });
      this.frontier = frontier;
      this.checkpoint = checkpoint;
      proofs = await inclusionProofs(
        this.store,
        entries.map((e) => e.logIndex),
        checkpoint.size,
      );
    }
    const created = new Map(entries.map((e, i) => [e.uuid, { entry: e, proof: proofs[i]! }]));
    for (const item of batch) {
      const uuid = item.entry.uuid;
      const fresh = created.get(uuid);
      if (fresh !== undefined && firsts.get(uuid) === item) {
        item.resolve({
          status: 'created',
          entry: stored(fresh.entry),
          checkpoint,
          proof: fresh.proof,
        });
      } else {
        item.resolve({ status: 'duplicate', entry: existing.get(uuid) ?? stored(fresh!.entry) });
      }
    }
  }
}

function stored(entry: NewEntry): StoredEntry {
  const { searchKeys: _searchKeys, ...rest } = entry;
  return rest;
}
