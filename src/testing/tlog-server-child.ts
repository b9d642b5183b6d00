/**
 * Test-only: starts `signet serve tlog` as a child process, through the CLI's own `main`
 * (compiled by tsx, so no build is needed), and waits for its "listening on" line;
 * `kill()` sends SIGKILL to simulate a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { trackChild } from './child-cleanup.js';

const MAIN = new URL('../cli/main.ts', import.meta.url).href;
/** Runs `signet <argv>` and exits with the command's exit code. */
const ENTRY = `const { main } = await import(${JSON.stringify(MAIN)});
process.exitCode = await main(process.argv.slice(1));`;
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
  // `serve` comes first: node reads its own options (--listen would be one) up to there.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', ENTRY, 'serve', 'tlog', ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  trackChild(child);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tlog server did not start: ${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(stderr);
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
