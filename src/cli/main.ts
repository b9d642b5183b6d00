/**
 * The `signet` command: wires every sub-command, runs one, and turns what happened into
 * an exit code (docs/cli.md). Results go to stdout, errors and progress to stderr.
 */
import { Command, CommanderError } from 'commander';
import { isSignetError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { Console } from './output.js';
import { printError, processConsole } from './output.js';
import { registrationsFor, type RegisterCommand } from './command-table.js';
import { SIGNET_VERSION } from './version.js';

export interface MainOptions {
  readonly console?: Console;
  readonly env?: NodeJS.ProcessEnv;
}

function buildProgram(context: CliContext, registrations: readonly RegisterCommand[]): Command {
  const program = new Command('signet')
    .description(
      'Sign, attest, record, check and enforce container images.\n' +
        'Documentation: docs/cli.md; exit codes: docs/cli.md#exit-codes',
    )
    .version(SIGNET_VERSION, '--version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.console.out(text),
      writeErr: (text) => context.console.err(text),
    })
    .exitOverride();
  for (const register of registrations) register(program, context);
  for (const command of program.commands) applyToTree(command, (c) => c.exitOverride());
  return program;
}

function applyToTree(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const child of command.commands) applyToTree(child, apply);
}

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const context: CliContext = {
    console: options.console ?? processConsole,
    env: options.env ?? process.env,
    exitCode: ExitCode.Ok,
    format: 'text',
  };
  try {
    const program = buildProgram(context, await registrationsFor(argv));
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed.
      if (error.exitCode === 0) return ExitCode.Ok;
      return ExitCode.Usage;
    }
    printError(context.console, error, context.format);
    return isSignetError(error) ? exitCodeFor(error) : ExitCode.Internal;
  }
}
