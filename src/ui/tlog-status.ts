/**
 * What the dashboard's Transparency log page shows: tree size, root, the latest signed
 * checkpoint and the newest entries, read through the Rekor v1 API of the log the server
 * was pointed at (its own in-process log with `--tlog`, or `--tlog-url`). A simple monitor
 * remembers the largest tree it saw and flags a log whose tree shrank, which an
 * append-only log never does (RFC 6962 section 2.1.2); `signet tlog monitor` does the full
 * consistency-proof check.
 */
import { describeError } from '../core/errors.js';
import { RekorClient, type LogInfo } from '../tlog/client/index.js';
import { uiError } from './errors.js';

/** The newest entries shown; the page is an overview, not a log browser. */
const SHOWN_ENTRIES = 10;

export interface TlogEntrySummary {
  readonly logIndex: number;
  readonly uuid: string;
  readonly integratedTime: string;
  readonly kind: string;
}

export interface TlogStatus {
  readonly configured: boolean;
  readonly url?: string;
  readonly treeSize?: number;
  readonly rootHash?: string;
  readonly checkpoint?: string;
  readonly entries?: readonly TlogEntrySummary[];
  readonly monitor?: { status: 'ok' | 'grew' | 'shrank' | 'unreachable'; message: string };
}

export interface TlogStatusReader {
  read(): Promise<TlogStatus>;
  close(): Promise<void>;
}

/** The entry's `kind` from its canonical body, or "unknown" for a body that is no JSON object. */
function kindOf(body: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { kind?: unknown };
    return typeof parsed.kind === 'string' ? parsed.kind.slice(0, 64) : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function tlogStatusReader(url: string | undefined): TlogStatusReader {
  if (url === undefined) {
    return { read: () => Promise.resolve({ configured: false }), close: () => Promise.resolve() };
  }
  const client = new RekorClient(url, {
    timeoutMs: 5_000,
    retry: { maxRetries: 1, baseDelayMs: 100, maxDelayMs: 500, maxRetryAfterMs: 1_000 },
  });
  let largest = 0;

  async function readStatus(): Promise<TlogStatus> {
    const info: LogInfo = await client.logInfo();
    const indexes = Array.from(
      { length: Math.min(SHOWN_ENTRIES, info.treeSize) },
      (_, i) => info.treeSize - 1 - i,
    );
    const entries = await Promise.all(
      indexes.map(async (logIndex) => {
        const found = await client.getEntryByIndex(logIndex);
        return {
          logIndex,
          uuid: found.uuid,
          integratedTime: new Date(found.entry.integratedTime * 1000).toISOString(),
          kind: kindOf(found.entry.body),
        };
      }),
    );
    const previous = largest;
    largest = Math.max(largest, info.treeSize);
    return {
      configured: true,
      url: client.url,
      treeSize: info.treeSize,
      rootHash: info.rootHash,
      checkpoint: info.signedTreeHead,
      entries,
      monitor: monitorVerdict(previous, info.treeSize, largest),
    };
  }

  return {
    async read() {
      try {
        return await readStatus();
      } catch (error) {
        throw uiError(
          'UI_TLOG_UNAVAILABLE',
          `the transparency log ${client.url} cannot be read: ${describeError(error)}`,
          { cause: error },
        );
      }
    },
    close: () => client.close(),
  };
}

function monitorVerdict(
  previous: number,
  size: number,
  largest: number,
): NonNullable<TlogStatus['monitor']> {
  if (size < previous) {
    return {
      status: 'shrank',
      message: `the tree shrank from ${previous} to ${size} entries: the log is not append-only`,
    };
  }
  if (size > previous && previous > 0) {
    return { status: 'grew', message: `the tree grew from ${previous} to ${size} entries` };
  }
  return {
    status: 'ok',
    message: `watching since this server started; largest tree seen ${largest}`,
  };
}
