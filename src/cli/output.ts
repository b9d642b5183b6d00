/**
 * How commands print: results to stdout (text for people, JSON for programs), and
 * errors and progress to stderr so that stdout stays machine-readable.
 */
import { SignetError, describeError } from '../core/errors.js';

export type OutputFormat = 'text' | 'json';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json'];

export interface Console {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal a person watches (progress notices are for them). */
  readonly errIsTerminal?: boolean;
}

export const processConsole: Console = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  get errIsTerminal() {
    return process.stderr.isTTY;
  },
};

export function printJson(console: Console, value: unknown): void {
  console.out(JSON.stringify(value, null, 2));
}

/** Prints an error for a person (`error [CODE]: message`) or as JSON on stderr. */
export function printError(console: Console, error: unknown, format: OutputFormat): void {
  if (format === 'json') {
    const body =
      error instanceof SignetError
        ? error.toJSON()
        : { code: 'INTERNAL', category: 'internal', message: describeError(error) };
    console.err(JSON.stringify({ error: body }));
    return;
  }
  if (error instanceof SignetError) {
    console.err(`error [${error.code}]: ${error.message}`);
    return;
  }
  console.err(`error [INTERNAL]: ${describeError(error)}`);
}
