import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOG } from './error-catalog.js';
import { renderErrorDocs } from './error-docs.js';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const shipped = sources('src').filter((f) => !f.includes(`${join('src', 'testing')}`));
const catalogued = new Set(Object.values(ERROR_CATALOG).flatMap((t) => Object.keys(t)));

describe('error catalog', () => {
  it('lists every error table declared in shipped code', () => {
    const declared = shipped.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/export const (\w+_ERRORS)\s*=/g)].map((m) => m[1]!),
    );
    const catalogSource = readFileSync('src/cli/error-catalog.ts', 'utf8');
    const missing = declared.filter((name) => !catalogSource.includes(name));
    assert.deepEqual(missing, [], 'add these tables to src/cli/error-catalog.ts');
  });

  it('documents every code raised directly with new SignetError', () => {
    const raised = shipped.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new SignetError\(\s*'([A-Z0-9_]+)'/g)].map(
        (m) => m[1]!,
      ),
    );
    assert.deepEqual(
      raised.filter((code) => !catalogued.has(code)),
      [],
    );
  });

  it('gives each code one meaning', () => {
    const all = Object.values(ERROR_CATALOG).flatMap((t) => Object.keys(t));
    assert.deepEqual(
      all.filter((code, i) => all.indexOf(code) !== i),
      [],
    );
  });

  it('keeps docs/errors.md in step with the code (npm run docs:errors)', () => {
    assert.equal(readFileSync('docs/errors.md', 'utf8').trim(), renderErrorDocs().trim());
  });
});
