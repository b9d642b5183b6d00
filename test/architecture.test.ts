// Enforces the module dependency direction of ARCHITECTURE.md: which top-level modules of
// src/ may import which, that composition roots are imported by nobody, that test helpers
// stay out of shipped code, and that pure modules do no I/O.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve('src');

/** Top-level module → modules it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  // config reads files and hands their text to the parsers of the modules it configures.
  config: ['core', 'oci', 'signing', 'tlog', 'policy'],
  oci: ['core'],
  tlog: ['core', 'oci'],
  signing: ['core', 'oci', 'tlog'],
  policy: ['core', 'oci', 'signing', 'tlog'],
  records: ['core'],
  registry: ['core', 'oci'],
  admission: ['core', 'oci', 'signing', 'tlog', 'policy', 'records', 'config'],
  check: ['core', 'oci', 'signing', 'tlog', 'policy', 'records', 'config'],
  ui: ['core', 'oci', 'signing', 'tlog', 'policy', 'records', 'config', 'admission', 'check'],
  cli: ['*'],
  testing: ['*'],
};

/** Folders (relative to src) that must stay pure: no file system, network, HTTP or database. */
const PURE = ['core', 'oci/reference', 'signing/verify', 'policy', 'tlog/merkle'];
const IMPURE_IMPORTS =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|child_process|worker_threads)$|^(undici|fastify|better-sqlite3|pg|kysely|@kubernetes\/client-node)(\/|$)/;

/** Composition roots: modules that wire the others together and that nothing imports. */
function isCompositionRoot(path: string): boolean {
  const parts = path.split(sep);
  return parts[0] === 'cli' || parts[0] === 'ui' || parts.includes('server');
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const IMPORT_PATTERN =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) found.push((match[1] ?? match[2])!);
  return found;
}

interface Edge {
  from: string;
  to: string;
  spec: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        out.push({ from, to: relative(SRC, resolve(dirname(file), spec)), spec });
      } else {
        out.push({ from, to: '', spec });
      }
    }
  }
  return out;
}

const top = (path: string) => path.split(sep)[0]!;
const isTest = (path: string) => path.endsWith('.test.ts');

describe('module dependency direction', () => {
  const all = edges();

  it('places every source file in a known top-level module', () => {
    const unknown = [...new Set(all.map((e) => top(e.from)))].filter(
      (name) => !(name in ALLOWED) && !name.endsWith('.ts'),
    );
    assert.deepEqual(unknown, [], 'add new modules to ALLOWED and ARCHITECTURE.md');
  });

  it('imports only modules further down the stack', () => {
    const bad = all
      .filter((e) => e.to !== '' && !isTest(e.from))
      .filter((e) => {
        const from = top(e.from);
        const to = top(e.to);
        if (from === to) return false;
        const allowed = ALLOWED[from] ?? [];
        return !allowed.includes('*') && !allowed.includes(to);
      })
      .map((e) => `${e.from} imports ${e.spec}`);
    assert.deepEqual(bad, []);
  });

  it('never imports a composition root from elsewhere', () => {
    const bad = all
      .filter((e) => e.to !== '' && isCompositionRoot(e.to) && !isCompositionRoot(e.from))
      .filter((e) => !isTest(e.from) && top(e.from) !== 'testing' && top(e.from) !== top(e.to))
      .map((e) => `${e.from} imports ${e.spec}`);
    assert.deepEqual(bad, []);
  });

  it('keeps test helpers out of shipped code', () => {
    const bad = all
      .filter((e) => e.to !== '' && top(e.to) === 'testing')
      .filter((e) => !isTest(e.from) && top(e.from) !== 'testing')
      .map((e) => `${e.from} imports ${e.spec}`);
    assert.deepEqual(bad, []);
  });

  it('keeps pure modules free of I/O', () => {
    const bad = all
      .filter((e) => !isTest(e.from))
      .filter((e) => PURE.some((p) => e.from === p || e.from.startsWith(p + sep)))
      .filter((e) => IMPURE_IMPORTS.test(e.spec))
      .map((e) => `${e.from} imports ${e.spec}`);
    assert.deepEqual(bad, []);
  });
});
