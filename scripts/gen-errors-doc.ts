// Writes docs/errors.md from the error tables (see src/cli/error-docs.ts).
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../src/cli/error-docs.js';

writeFileSync('docs/errors.md', renderErrorDocs());
console.log('wrote docs/errors.md');
