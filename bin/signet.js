#!/usr/bin/env node
// Entry point of the `signet` executable: runs the bundled CLI from dist/ (npm run build).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
