/**
 * What every command receives: where to print and the environment to read. Injected so
 * that commands run in-process under test with captured output.
 */
import type { Console, OutputFormat } from './output.js';
import { OUTPUT_FORMATS } from './output.js';
import { cliError } from './errors.js';

export interface CliContext {
  readonly console: Console;
  readonly env: NodeJS.ProcessEnv;
  /** Set by a command that finished without an error but must report a non-zero status. */
  exitCode: number;
  /** The format of the command being run, so errors are printed in it too. */
  format: OutputFormat;
}

export function parseOutputFormat(value: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  throw cliError(
    'CLI_USAGE',
    `--output must be one of ${OUTPUT_FORMATS.join(', ')}, got "${value}"`,
  );
}
