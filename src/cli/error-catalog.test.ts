import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SignetError } from '../core/errors.js';
import { ERROR_CATALOG } from './error-catalog.js';
import { renderErrorDocs } from './error-docs.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const shipped = sources('src')
  .filter((file) => !file.startsWith(join('src', 'testing')))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const catalogued = new Map(Object.values(ERROR_CATALOG).flatMap((table) => Object.entries(table)));

/** `CODE in file` for every match of `pattern` (its first group is the code) not catalogued. */
function uncatalogued(pattern: RegExp): string[] {
  return shipped.flatMap(({ file, text }) =>
    [...text.matchAll(pattern)]
      .map((match) => match[1]!)
      .filter((code) => !catalogued.has(code))
      .map((code) => `${code} in ${file}`),
  );
}

describe('error catalog', () => {
  it('has every code declared in an error table of the source tree', () => {
    // The entries of `export const X_ERRORS = { CODE: { category: …` tables.
    const declared = shipped.flatMap(({ file, text }) =>
      [...text.matchAll(/export const \w+ = \{\n([^]*?)\n\}( as const)?;/g)]
        .filter((table) => /^\s{2}[A-Z][A-Z0-9_]+: \{\s*category:/m.test(table[1]!))
        .flatMap((table) => [...table[1]!.matchAll(/^\s{2}([A-Z][A-Z0-9_]+): \{/gm)])
        .map((match) => ({ code: match[1]!, file })),
    );
    assert.ok(declared.length > 50, 'the scan finds the tables');
    const missing = declared.filter(({ code }) => !catalogued.has(code));
    assert.deepEqual(missing, [], 'add these tables to src/cli/error-catalog.ts');
  });

  it('has every code the source tree raises', () => {
    // Factory calls (`cliError('CLI_USAGE', …`, `fail('…'`) and direct SignetErrors; other
    // `new XError('CODE')` are wire-protocol codes of servers, not Signet's.
    const raised = [
      ...uncatalogued(/(?<!new\s)\b(?:\w+Error|fail)\(\s*'([A-Z][A-Z0-9_]{2,})'/g),
      ...uncatalogued(/new SignetError\(\s*'([A-Z][A-Z0-9_]{2,})'/g),
    ];
    assert.deepEqual(raised, [], 'declare these codes in an error table of the catalog');
  });

  it('gives each code one meaning, a summary and a documented exit code', () => {
    const all = Object.values(ERROR_CATALOG).flatMap((table) => Object.keys(table));
    assert.deepEqual(
      all.filter((code, i) => all.indexOf(code) !== i),
      [],
    );
    const exitCodes = new Set<number>(Object.values(ExitCode));
    for (const [code, info] of catalogued) {
      assert.match(info.summary, /^\S.{9,}/, `${code} needs a summary for docs/errors.md`);
      const exit = exitCodeFor(new SignetError(code, info.category, ''));
      assert.ok(exitCodes.has(exit) && exit !== ExitCode.Ok, `${code} exits ${exit}`);
    }
  });

  it('keeps docs/errors.md in step with the code (npm run docs:errors)', () => {
    assert.equal(readFileSync('docs/errors.md', 'utf8').trim(), renderErrorDocs().trim());
  });

  it('documents every exit code in docs/cli.md', () => {
    const cli = readFileSync('docs/cli.md', 'utf8');
    for (const [name, code] of Object.entries(ExitCode)) {
      assert.match(cli, new RegExp(`^\\| ${code} +\\| \\w`, 'm'), `exit code ${code} (${name})`);
    }
  });
});
