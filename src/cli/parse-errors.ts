/**
 * Commander's own parse errors (unknown option, missing argument, bad option value) as
 * Signet errors, so they are printed like every other error: `error [CLI_USAGE]: …` in
 * text, `{"error":{…}}` with `--output json`, and exit 2.
 *
 * The output format must be known before commander has parsed anything (the line may not
 * parse at all), so it is read from the raw words here.
 */
import type { CommanderError } from 'commander';
import type { SignetError } from '../core/errors.js';
import { cliError } from './errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output.js';

/**
 * The format asked for with `-o/--output` anywhere before `--` (the last one wins, as
 * commander does); text when absent or not a known format, whose error commander reports.
 */
export function outputFormatIn(argv: readonly string[]): OutputFormat {
  let format: OutputFormat = 'text';
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') break;
    const value =
      word === '--output' || word === '-o'
        ? argv[i + 1]
        : word.startsWith('--output=')
          ? word.slice('--output='.length)
          : word.startsWith('-o') && word.length > 2 && !word.startsWith('--')
            ? word.slice(2)
            : undefined;
    if (value !== undefined && (OUTPUT_FORMATS as readonly string[]).includes(value)) {
      format = value as OutputFormat;
    }
  }
  return format;
}

/**
 * CLI_USAGE carrying commander's message, with commander's `error: ` prefix dropped, its
 * "(Did you mean …?)" line folded in, and the command it concerns named.
 */
export function usageErrorFromCommander(
  error: CommanderError,
  commandPath: readonly string[],
): SignetError {
  const message = error.message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*\(Did you mean (.+)\?\)\s*$/, ' (did you mean $1?)')
    .trim();
  const command = ['signet', ...commandPath].join(' ');
  return cliError('CLI_USAGE', `${command}: ${message}; run \`${command} --help\` for its usage`, {
    details: { command },
  });
}

/** Commander's codes for "help was printed because the command line was incomplete". */
export function isHelpShownForMissingCommand(error: CommanderError): boolean {
  return error.code === 'commander.help' && error.exitCode !== 0;
}
