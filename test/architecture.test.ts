// Enforces the module dependency direction of ARCHITECTURE.md: which top-level modules of
// src/ may import which, that composition roots are imported by nobody, that test helpers
// stay out of shipped code, that pure modules never reach I/O through any chain of
// imports, and that the runtime dependencies in package.json are exactly the packages
// shipped code imports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Metafile } from 'esbuild';

const ROOT = resolve('.');
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
  // Gathers evidence from registries for the engine, so policy itself stays pure.
  pipeline: ['core', 'oci', 'signing', 'tlog', 'policy'],
  records: ['core'],
  // The pipeline-run signing controller: signs with signing/, records with tlog/.
  chains: ['core', 'oci', 'signing', 'tlog'],
  registry: ['core', 'oci'],
  admission: ['core', 'oci', 'signing', 'tlog', 'policy', 'pipeline', 'records', 'config'],
  check: ['core', 'oci', 'signing', 'tlog', 'policy', 'pipeline', 'records', 'config'],
  ui: [
    'core',
    'oci',
    'signing',
    'tlog',
    'policy',
    'pipeline',
    'records',
    'config',
    'admission',
    'check',
  ],
  cli: ['*'],
  testing: ['*'],
};

/** Folders (relative to src) that must stay pure: no file system, network, HTTP or database. */
const PURE = ['core', 'oci/reference', 'signing/verify', 'signing/intoto', 'policy', 'tlog/merkle'];
/**
 * Folders inside pure ones that are the allowed I/O: core's one bounded HTTP client, its
 * one Kubernetes resource client and its one PostgreSQL pool.
 */
const IO_INSIDE_PURE = ['core/http', 'core/kubernetes', 'core/postgres'];
const IO_IMPORTS =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|dns|dns\/promises|child_process|cluster|worker_threads)$|^(undici|fastify|@fastify\/[^/]+|better-sqlite3|pg|kysely|@kubernetes\/client-node)(\/|$)/;

/**
 * Known imports by which a pure file reaches I/O, waiting for their fix. Each entry is one
 * import edge (pure file -> the file that leads to I/O) with every I/O import it reaches;
 * the test fails on any edge or I/O import not listed here, and on entries that no longer
 * happen, so the list only shrinks.
 */
const KNOWN_IO_REACHES: readonly { edge: string; reaches: readonly string[]; why: string }[] = [];

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

// Matches `import … from`, `export … from`, side-effect `import '…'` and `import('…')`,
// type-only ones included: the direction holds for types too.
const IMPORT_PATTERN =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN))
    found.push((match[1] ?? match[2] ?? match[3])!);
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

/**
 * The runtime import graph of shipped code (a source folder without tests and testing/),
 * as esbuild resolves it for the bundle: type-only imports are gone, index re-exports are
 * edges, packages stay external. Internal paths are relative to the source folder with
 * '/' separators; external targets are the specifiers as written (`node:fs`, `undici`).
 */
interface RuntimeGraph {
  imports: ReadonlyMap<string, readonly { target: string; external: boolean }[]>;
}

async function runtimeGraph(srcDir: string): Promise<RuntimeGraph> {
  const entryPoints = sourceFiles(srcDir)
    .map((file) => relative(srcDir, file).split(sep).join('/'))
    .filter((file) => !isTest(file) && !file.startsWith('testing/'));
  // The same resolution as scripts/build.mjs; nothing is written, only the metafile is read.
  const result = await build({
    absWorkingDir: srcDir,
    entryPoints,
    outdir: join(tmpdir(), 'signet-architecture'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { imports: importsByFile(result.metafile) };
}

function importsByFile(metafile: Metafile): Map<string, { target: string; external: boolean }[]> {
  const out = new Map<string, { target: string; external: boolean }[]>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    out.set(
      path,
      input.imports.map((i) => ({ target: i.path, external: i.external === true })),
    );
  }
  return out;
}

/** Shortest import chain from `start` to every external specifier it reaches (breadth first). */
function externalChains(graph: RuntimeGraph, start: string): Map<string, string[]> {
  const previous = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const chains = new Map<string, string[]>();
  const chainTo = (file: string) => {
    const chain: string[] = [];
    for (let at: string | undefined = file; at !== undefined; at = previous.get(at) ?? undefined)
      chain.unshift(at);
    return chain;
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const { target, external } of graph.imports.get(file) ?? []) {
      if (external) {
        if (!chains.has(target)) chains.set(target, [...chainTo(file), target]);
      } else if (!previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  return chains;
}

/** Every internal file `start` loads, itself included. */
function reachableFiles(graph: RuntimeGraph, start: string): Set<string> {
  const seen = new Set([start]);
  for (const file of seen) {
    for (const { target, external } of graph.imports.get(file) ?? []) {
      if (!external) seen.add(target);
    }
  }
  return seen;
}

/** A package file located at run time: `require.resolve('x')`, `createRequire(…).resolve('x')`. */
const RESOLVE_PATTERN =
  /\b(?:require|createRequire\([^)]*\))\.resolve\(\s*['"]([^'"./][^'"]*)['"]/g;

const inFolder = (path: string, folders: readonly string[]) =>
  folders.some((folder) => path === folder || path.startsWith(folder + '/'));
const isPure = (path: string) => inFolder(path, PURE) && !inFolder(path, IO_INSIDE_PURE);

/**
 * Every import edge by which a pure file leaves purity: it imports an I/O module itself,
 * or a non-pure file from which I/O is reachable. (A pure file importing a pure file that
 * reaches I/O is not reported twice: the edge further down is.)
 */
function ioReaches(graph: RuntimeGraph): { edge: string; reaches: string[]; chains: string[] }[] {
  const out: { edge: string; reaches: string[]; chains: string[] }[] = [];
  for (const [file, imports] of graph.imports) {
    if (!isPure(file)) continue;
    for (const { target, external } of imports) {
      if (external) {
        if (IO_IMPORTS.test(target))
          out.push({
            edge: `${file} -> ${target}`,
            reaches: [target],
            chains: [`${file} -> ${target}`],
          });
        continue;
      }
      if (isPure(target)) continue;
      const io = [...externalChains(graph, target)]
        .filter(([spec]) => IO_IMPORTS.test(spec))
        .sort(([a], [b]) => (a < b ? -1 : 1));
      if (io.length === 0) continue;
      out.push({
        edge: `${file} -> ${target}`,
        reaches: io.map(([spec]) => spec),
        chains: io.map(([, chain]) => [file, ...chain].join(' -> ')),
      });
    }
  }
  return out;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for Node built-ins. */
function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!))
    return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// Built on first use and shared by the tests below (esbuild takes a second or two).
let graphOnce: Promise<RuntimeGraph> | undefined;
const shippedGraph = () => (graphOnce ??= runtimeGraph(SRC));

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
});

describe('pure modules', () => {
  it('never reach file system, network, HTTP or database code through any chain of imports', async () => {
    const found = ioReaches(await shippedGraph());
    const known = new Map(KNOWN_IO_REACHES.map((k) => [k.edge, new Set(k.reaches)]));
    const unexpected = found.flatMap((f) =>
      f.reaches.some((spec) => known.get(f.edge)?.has(spec) !== true) ? f.chains : [],
    );
    assert.deepEqual(
      unexpected,
      [],
      'pure modules must not reach I/O; pass what talks in from the edge',
    );
  });

  it('lists in KNOWN_IO_REACHES only violations that still happen', async () => {
    const found = new Map(ioReaches(await shippedGraph()).map((f) => [f.edge, new Set(f.reaches)]));
    const fixed = KNOWN_IO_REACHES.flatMap((k) =>
      k.reaches
        .filter((spec) => found.get(k.edge)?.has(spec) !== true)
        .map((spec) => `${k.edge} reaches ${spec}`),
    );
    assert.deepEqual(fixed, [], 'fixed: remove these from KNOWN_IO_REACHES');
  });

  it('are checked through index re-exports and not through type-only imports', async () => {
    // The check is only as good as its graph: a fixture tree where a pure file reaches
    // undici through an index re-export, and names a file system module only as a type.
    const dir = mkdtempSync(join(tmpdir(), 'signet-architecture-'));
    try {
      const files: Record<string, string> = {
        'policy/evaluate.ts': [
          "import type { Reader } from './reader.js';",
          "import { fetchEvidence } from '../oci/index.js';",
          'export const evaluate = (read: Reader) => fetchEvidence(read);',
        ].join('\n'),
        'policy/reader.ts':
          "import { readFileSync } from 'node:fs';\nexport type Reader = typeof readFileSync;\nexport const reader = readFileSync;",
        'oci/index.ts': "export * from './fetch.js';",
        'oci/fetch.ts':
          "import { request } from 'undici';\nexport const fetchEvidence = (x: unknown) => [request, x];",
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, dirname(path)), { recursive: true });
        writeFileSync(join(dir, path), text + '\n');
      }
      const found = ioReaches(await runtimeGraph(dir));
      assert.deepEqual(found, [
        {
          edge: 'policy/evaluate.ts -> oci/index.ts',
          reaches: ['undici'],
          chains: ['policy/evaluate.ts -> oci/index.ts -> oci/fetch.ts -> undici'],
        },
        {
          edge: 'policy/reader.ts -> node:fs',
          reaches: ['node:fs'],
          chains: ['policy/reader.ts -> node:fs'],
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runtime dependencies', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const declared = Object.keys(manifest.dependencies ?? {}).sort();
  // What ships is the bundle of src/cli/main.ts (scripts/build.mjs): the packages it
  // reaches are the ones an installed `signet` loads from node_modules, by import or by
  // resolving a file inside them (`createRequire(import.meta.url).resolve('pkg/file')`).
  const shippedPackages = async () => {
    const graph = await shippedGraph();
    const reached = externalChains(graph, 'cli/main.ts');
    const resolved = [...reachableFiles(graph, 'cli/main.ts')].flatMap((file) =>
      [...readFileSync(join(SRC, file), 'utf8').matchAll(RESOLVE_PATTERN)].map((m) => m[1]!),
    );
    const names = [...reached.keys(), ...resolved].map(packageName);
    return [...new Set(names.filter((name) => name !== undefined))].sort();
  };

  it('imports every runtime dependency from shipped code', async () => {
    const used = new Set(await shippedPackages());
    const unused = declared.filter((name) => !used.has(name));
    assert.deepEqual(
      unused,
      [],
      'remove these from dependencies, or move them to devDependencies if tests use them',
    );
  });

  it('declares every package shipped code imports as a runtime dependency', async () => {
    const missing = (await shippedPackages()).filter((name) => !declared.includes(name));
    assert.deepEqual(
      missing,
      [],
      'an installed signet would fail to load these: add them to dependencies',
    );
  });
});
