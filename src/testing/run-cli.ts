/**
 * Runs the `signet` command in-process with a recording console, as the e2e tests do. Not
 * re-exported from index.ts: it loads the whole CLI, which other test helpers do not need.
 */
import { main } from '../cli/main.js';
import { captureConsole } from './capture-console.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `env` replaces the process environment entirely, so the host's settings cannot leak in. */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const console = captureConsole();
  const code = await main(args, { console, env });
  return { code, stdout: console.stdout, stderr: console.stderr };
}
