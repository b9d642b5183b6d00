/**
 * Test-only entry point: runs `signet serve tlog <args>` in this process through the real
 * command registration, so tests can start the log as a child process and SIGKILL it.
 * Usage: node --import tsx src/testing/tlog-server-process.ts --listen 127.0.0.1:0 …
 */
import { Command } from 'commander';
import { registerServeTlogCommand } from '../cli/commands/serve-tlog.js';
import type { CliContext } from '../cli/context.js';
import { processConsole } from '../cli/output.js';

const context: CliContext = {
  console: processConsole,
  env: process.env,
  exitCode: 0,
  format: 'text',
};
const program = new Command('signet');
registerServeTlogCommand(program.command('serve'), context);
program.parseAsync(['serve', 'tlog', ...process.argv.slice(2)], { from: 'user' }).then(
  () => process.exit(context.exitCode),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
