/**
 * Last-resort cleanup for peers the harness starts: when the test process exits (normally,
 * by an uncaught error, or by SIGINT/SIGTERM) every child still running is killed and every
 * temporary directory still present is removed, so no registry outlives its tests.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
const directories = new Set<string>();
let installed = false;

function cleanUp(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  directories.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanUp();
      process.exit(130);
    });
  }
}

export function trackChild(child: ChildProcess): void {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function trackDirectory(directory: string): void {
  install();
  directories.add(directory);
}

export function untrackDirectory(directory: string): void {
  directories.delete(directory);
}
