/**
 * The transparency log behind the HTTP routes: identity (tree ID, log ID), the sequencer
 * for writes, and reads that attach inclusion proofs against the latest checkpoint.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { checkpointSigner, rekorKeyHint } from '../checkpoint/index.js';
import { errorFactory } from '../../core/errors.js';
import { canonicalizeProposedEntry, entryIdOf, logIdOf } from '../entry/index.js';
import {
  Sequencer,
  consistencyProofOf,
  inclusionProofs,
  treeRootOf,
  type LogIdentity,
  type LogStore,
  type SearchOperator,
  type SequencerOptions,
  type StoredCheckpoint,
  type StoredEntry,
  STORE_ERRORS,
} from '../store/index.js';
import { entryView, type EntryView } from './log-entry-view.js';

const storeError = errorFactory(STORE_ERRORS);

export interface LogServiceOptions {
  readonly store: LogStore;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Checkpoint origin host and signature name; clients find it in their trusted baseUrl. */
  readonly hostname: string;
  readonly batching?: Pick<
    SequencerOptions,
    'maxBatchSize' | 'maxBatchDelayMs' | 'maxPending' | 'now'
  >;
}

export type CreateResult = { readonly status: 'created' | 'duplicate'; readonly view: EntryView };

export class LogService {
  private constructor(
    private readonly store: LogStore,
    private readonly sequencer: Sequencer,
    readonly identity: LogIdentity,
    readonly publicKey: KeyObject,
  ) {}

  static async open(options: LogServiceOptions): Promise<LogService> {
    const logId = logIdOf(options.publicKey);
    const identity = await options.store.identity({ treeId: newTreeId(), logId });
    if (identity.logId !== logId) {
      throw storeError(
        'TLOG_STORE_LOG_MISMATCH',
        `the log database belongs to log ${identity.logId}, but the configured key is log ${logId}; start with that log's key (--key) or use a new database`,
      );
    }
    const sequencer = await Sequencer.open(options.store, {
      ...options.batching,
      signer: checkpointSigner(options.privateKey),
      origin: `${options.hostname} - ${identity.treeId}`,
      keyName: options.hostname,
      keyHint: rekorKeyHint(options.publicKey),
      logId,
    });
    return new LogService(options.store, sequencer, identity, options.publicKey);
  }

  get latest(): StoredCheckpoint {
    return this.sequencer.latest;
  }

  /** Validates, verifies and sequences a proposed entry (attacker-controlled JSON). */
  async create(proposal: unknown): Promise<CreateResult> {
    const entry = canonicalizeProposedEntry(proposal);
    const result = await this.sequencer.submit(entry);
    if (result.status === 'created') {
      return {
        status: 'created',
        view: entryView(result.entry, result.checkpoint, result.proof, this.identity),
      };
    }
    return { status: 'duplicate', view: (await this.views([result.entry]))[0]! };
  }

  async byUuids(uuids: readonly string[]): Promise<EntryView[]> {
    return this.views(await this.store.entriesByUuid(uuids));
  }

  async byIndexes(indexes: readonly number[]): Promise<EntryView[]> {
    const latest = this.latest.size;
    return this.views(await this.store.entriesByIndex(indexes.filter((i) => i < latest)));
  }

  /** Entry IDs of entries indexed under the keys, oldest first. */
  async search(
    keys: readonly string[],
    operator: SearchOperator,
    limit: number,
  ): Promise<string[]> {
    const uuids = await this.store.search(keys, operator, limit);
    return uuids.map((uuid) => entryIdOf(this.identity.treeId, uuid));
  }

  async consistency(
    size1: number,
    size2: number,
  ): Promise<{ rootHash: Uint8Array; hashes: Uint8Array[] }> {
    const hashes = await consistencyProofOf(this.store, size1, size2);
    return { rootHash: await treeRootOf(this.store, size2), hashes };
  }

  async close(): Promise<void> {
    await this.sequencer.close();
    await this.store.close();
  }

  private async views(entries: readonly StoredEntry[]): Promise<EntryView[]> {
    const checkpoint = this.latest;
    // Entries committed after this checkpoint was read are left for the next request.
    const visible = entries.filter((e) => e.logIndex < checkpoint.size);
    const proofs = await inclusionProofs(
      this.store,
      visible.map((e) => e.logIndex),
      checkpoint.size,
    );
    return visible.map((e, i) => entryView(e, checkpoint, proofs[i]!, this.identity));
  }
}

/** A random tree ID in [1, 2^63): Trillian's tree IDs are positive int64. */
function newTreeId(): string {
  const value = randomBytes(8).readBigUInt64BE() >> 1n;
  return (value === 0n ? 1n : value).toString(10);
}
