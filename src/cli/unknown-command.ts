/**
 * Finds a command word that names no command, before commander parses the line, so that
 * `signet attest --help` is an error (commander would print the program's help and exit
 * 0) and so that the suggestion can come from the whole command tree: `signet tree` is
 * answered with "did you mean `signet image tree`?", which commander, looking only at the
 * commands under the one being parsed, cannot say.
 */
import type { Command } from 'commander';
import type { SignetError } from '../core/errors.js';
import { cliError } from './errors.js';

/** The CLI_USAGE error for the first unknown command word of `argv`, if there is one. */
export function unknownCommandError(
  program: Command,
  argv: readonly string[],
): SignetError | undefined {
  const { path: parentPath, unknown: word } = walkCommandWords(program, argv);
  if (word === undefined) return undefined;
  const where = ['signet', ...parentPath].join(' ');
  const suggestions = closestCommands(program, word, parentPath);
  const advice =
    suggestions.length > 0
      ? `did you mean ${suggestions.map((path) => `\`signet ${path}\``).join(' or ')}?`
      : `run \`${where} --help\` for the list of commands`;
  return cliError('CLI_USAGE', `unknown command '${word}' for \`${where}\`; ${advice}`, {
    details: {
      command: word,
      ...(suggestions.length > 0 ? { suggestions: suggestions.map((p) => `signet ${p}`) } : {}),
    },
  });
}

interface CommandWords {
  /** The known commands named, without `signet`: `['image', 'tree']`. */
  readonly path: readonly string[];
  /** The word after them that names no command under the last, if any. */
  readonly unknown?: string;
}

/** The command `argv` runs, as its words (`image tree`), for messages about its options. */
export function commandPathFor(program: Command, argv: readonly string[]): readonly string[] {
  return walkCommandWords(program, argv).path;
}

/**
 * Walks the leading command words. Stops at the first option (commander reports problems
 * from there on) and at a command that takes arguments (the rest are its arguments).
 * `help` is commander's help command: `signet help image tre` is looked up as `image tre`.
 */
function walkCommandWords(program: Command, argv: readonly string[]): CommandWords {
  let command = program;
  const path: string[] = [];
  for (const word of argv) {
    if (word.startsWith('-')) break;
    if (command.commands.length === 0 || command.registeredArguments.length > 0) break;
    if (word === 'help') continue;
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (next === undefined) return { path, unknown: word };
    command = next;
    path.push(word);
  }
  return { path };
}

/** Every command below `command` as its path from the program (`image tree`). */
function commandPaths(command: Command, prefix: readonly string[] = []): string[][] {
  return command.commands.flatMap((child) => {
    const path = [...prefix, child.name()];
    return [path, ...commandPaths(child, path)];
  });
}

/**
 * The best matches for `word`: a command of that very name elsewhere in the tree first,
 * else the fewest edits (a prefix of three letters or more counts as one edit). Ties go to
 * commands under the one the word was given to, then to shorter paths.
 */
function closestCommands(program: Command, word: string, parentPath: readonly string[]): string[] {
  // Nothing typed by hand is this long; bounds the quadratic edit distance below.
  if (word.length > 64) return [];
  // One edit per four letters: `verfy` finds verify, `attest` does not find `test`.
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 4)));
  const scored = commandPaths(program)
    .map((path) => {
      const name = path[path.length - 1]!;
      const prefix = word.length >= 3 && name.startsWith(word) ? 1 : Infinity;
      const distance = Math.min(prefix, editDistance(word, name));
      const sibling =
        path.length === parentPath.length + 1 && parentPath.every((p, i) => path[i] === p);
      return { path: path.join(' '), distance, rank: [distance, sibling ? 0 : 1, path.length] };
    })
    .filter((candidate) => candidate.distance <= limit)
    .sort((a, b) => compareRanks(a.rank, b.rank) || a.path.localeCompare(b.path));
  const best = scored[0];
  if (best === undefined) return [];
  return scored
    .filter((candidate) => compareRanks(candidate.rank, best.rank) === 0)
    .slice(0, 3)
    .map((candidate) => candidate.path);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, swaps. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}
