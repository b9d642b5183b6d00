/**
 * cosign's `--output-file FILE`: what a command would print on stdout goes to FILE instead
 * (stderr is unchanged). The file is written once the command's output is complete, also
 * when it then fails (verify prints the verified images before reporting the others).
 */
import { writeFile } from 'node:fs/promises';
import type { CliContext } from '../context.js';
import { cliError } from '../errors.js';
import type { Console } from '../output.js';

export async function withOutputFile<T>(
  context: CliContext,
  file: string | undefined,
  body: (console: Console) => T | Promise<T>,
): Promise<T> {
  if (file === undefined) return await body(context.console);
  const chunks: string[] = [];
  const console: Console = {
    out: (text) => chunks.push(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => context.console.err(text),
  };
  const outcome = await Promise.resolve()
    .then(() => body(console))
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  try {
    await writeFile(file, chunks.join(''));
  } catch (error) {
    throw cliError(
      'CLI_FILE_UNREADABLE',
      `cannot write --output-file ${file}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
