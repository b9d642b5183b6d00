/**
 * Test-only: starts `signet serve tlog` as a child process (through tlog-server-process.ts)
 * and waits for its "listening on" line; `kill()` sends SIGKILL to simulate a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trackChild } from './child-cleanup.js';

const ENTRY = fileURLToPath(new URL('./tlog-server-process.ts', import.meta.url));
/** tsx compiles on start; 30 s covers a loaded two-core machine. */
const START_TIMEOUT_MS = 30_000;

export interface TlogChild {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the server printed on stderr so far. */
  log(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startTlogChild(args: readonly string[]): Promise<TlogChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  trackChild(child);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tlog server did not start: ${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tlog server exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    process: child,
    log: () => stderr,
    kill: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
