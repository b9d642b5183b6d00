import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '../testing/check-reports.js';
import { renderCheckMarkdown } from './render-markdown.js';

describe('the Markdown report', () => {
  const text = renderCheckMarkdown(sampleReport());

  it('gives the verdict, the summary and a table row per violation', () => {
    assert.match(
      text,
      /^## Signet check: ❌ failed\n\n3 image\(s\), 3 policies evaluated, 2 violated, 1 failing the check\./,
    );
    assert.match(
      text,
      /\| Trusted signature \| high \| yes \| no trusted signature: .* \| Sign the image in CI with the trusted key\. \|/,
    );
    assert.match(
      text,
      /### `registry\.example\/clean:1\.0`\n\nDigest: `sha256:abab.*`\n\nNo policy violated\./,
    );
    assert.match(text, /\*\*Evaluation failed:\*\* registry unavailable/);
  });

  it('escapes pipes so that a cell cannot break the table', () => {
    assert.match(text, /Attach an SBOM \\\| any format\./);
  });
});
