#!/usr/bin/env node
// Builds dist/ for the `signet` executable: one ES module bundle of src/ (dependencies
// stay external, so native ones like better-sqlite3 load from node_modules), split at
// each command's dynamic import. Loading a handful of bundled files instead of hundreds
// of compiled ones cuts process start-up, which every CI step and every webhook start
// pays. Types are checked separately by `npm run typecheck`.
//
// Usage: node scripts/build.mjs [OUTDIR]. OUTDIR (default dist) lets the packaging test
// build a package of its own without replacing the dist/ other processes may be running.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The oldest Node release package.json's engines accept.
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
