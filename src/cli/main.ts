/**
 * The `signet` command: wires every sub-command, runs one, and turns what happened into
 * an exit code (docs/cli.md). Results go to stdout, errors and progress to stderr.
 */
import { Command, CommanderError } from 'commander';
import { isSignetError } from '../core/errors.js';
import type { CliContext } from './context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { Console, OutputFormat } from './output.js';
import { printError, processConsole } from './output.js';
import { registrationsFor, type RegisterCommand } from './command-table.js';
import { cliError } from './errors.js';
import {
  isHelpShownForMissingCommand,
  outputFormatIn,
  usageErrorFromCommander,
} from './parse-errors.js';
import { commandPathFor, unknownCommandError } from './unknown-command.js';
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
    .version(SIGNET_VERSION, '--version', 'print the version');
  for (const register of registrations) register(program, context);
  applyToTree(program, (command) =>
    command
      .configureOutput({
        writeOut: (text) => context.console.out(text),
        writeErr: (text) => context.console.err(text),
        // Parse errors are printed by main() as Signet errors, in the command's format.
        outputError: () => undefined,
      })
      .exitOverride(),
  );
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
    // Known before parsing, so that an unparseable line is reported in the format asked for.
    format: outputFormatIn(argv),
  };
  let program: Command | undefined;
  try {
    program = buildProgram(context, await registrationsFor(argv));
    if (unknownCommandError(program, argv) !== undefined) {
      // Suggestions search every command, not only the one the first word loaded.
      program = buildProgram(context, await registrationsFor([]));
      const unknown = unknownCommandError(program, argv);
      if (unknown !== undefined) throw unknown;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    const reported =
      error instanceof CommanderError ? parseFailure(error, program, argv, context.format) : error;
    if (reported === undefined) {
      return error instanceof CommanderError && error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    printError(context.console, reported, context.format);
    return isSignetError(reported) ? exitCodeFor(reported) : ExitCode.Internal;
  }
}

/** The error to print for a commander exit, or undefined when commander printed already. */
function parseFailure(
  error: CommanderError,
  program: Command | undefined,
  argv: readonly string[],
  format: OutputFormat,
): unknown {
  // Help and version are "errors" to commander; they already printed.
  if (error.exitCode === 0) return undefined;
  const path = program === undefined ? [] : commandPathFor(program, argv);
  if (isHelpShownForMissingCommand(error)) {
    // The help went to stderr; a program reading JSON still gets an error object.
    if (format === 'text') return undefined;
    const command = ['signet', ...path].join(' ');
    return cliError('CLI_USAGE', `${command} needs a command; run \`${command} --help\``);
  }
  return usageErrorFromCommander(error, path);
}
