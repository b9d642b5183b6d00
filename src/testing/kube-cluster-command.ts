/**
 * Runs a peer command (kubectl, cosign) to completion and collects its output, with an
 * environment built from scratch so the host's settings (a real $KUBECONFIG, ~/.kube,
 * docker credentials) cannot leak into a test.
 */
import { spawn } from 'node:child_process';
import { trackChild } from './child-cleanup.js';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  /** Written to standard input, then closed. */
  readonly input?: string;
  /** The whole environment besides PATH. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working folder: give one to commands that write files there (cosign writes cosign.pub). */
  readonly cwd?: string;
}

export function runCommand(
  path: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const child = spawn(path, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  trackChild(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Throws with the command's output unless it exited 0; returns its standard output. */
export async function runCommandOk(
  path: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<string> {
  const result = await runCommand(path, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${path} ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}
