#!/usr/bin/env node
// Builds dist/ for the `signet` executable: one ES module bundle of src/ (dependencies
// stay external, so native ones like better-sqlite3 load from node_modules), split at
// each command's dynamic import. Loading a handful of bundled files instead of hundreds
// of compiled ones cuts process start-up, which every CI step and every webhook start
// pays. Types are checked separately by `npm run typecheck`.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
