/**
 * Collects writes and commits them in batches, so that recording a decision costs the
 * hot path (an admission review) a queue push rather than a database round trip and an
 * fsync. Each caller's promise resolves only when its batch has committed.
 *
 * The queue is bounded: when it is full, callers wait for room instead of growing memory
 * without limit while the database is slow.
 */
export interface BatchWriterOptions {
  /** Most items in one transaction; 256 keeps a transaction short on PostgreSQL. */
  readonly maxBatch?: number;
  /** Longest an item waits for companions before its batch is written. */
  readonly maxDelayMs?: number;
  /** Items queued before callers must wait. */
  readonly maxQueue?: number;
}

interface Pending<T, R> {
  readonly item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class BatchWriter<T, R> {
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly maxQueue: number;
  private queue: Pending<T, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly write: (items: readonly T[]) => Promise<readonly R[]>,
    options: BatchWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.maxDelayMs = options.maxDelayMs ?? 20;
    this.maxQueue = options.maxQueue ?? 10_000;
  }

  async add(item: T): Promise<R> {
    while (this.queue.length >= this.maxQueue) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const result = new Promise<R>((resolve, reject) => this.queue.push({ item, resolve, reject }));
    if (this.queue.length >= this.maxBatch) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.maxDelayMs);
    return result;
  }

  /** Writes everything queued so far and waits for it. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.flushing !== undefined) {
      this.kick();
      await this.flushing;
    }
  }

  private kick(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.flushing !== undefined || this.queue.length === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    for (const wake of this.waiters.splice(0, batch.length)) wake();
    try {
      const results = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
