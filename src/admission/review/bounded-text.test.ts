import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { joinLinesBounded, truncate } from './bounded-text.js';

describe('truncate', () => {
  it('leaves a short text unchanged', () => {
    assert.equal(truncate('short', 10), 'short');
  });

  it('cuts a long text to the limit, saying how much was left out', () => {
    const cut = truncate('y'.repeat(500), 100);
    assert.equal(cut.length, 100);
    assert.match(cut, /… \(400 more characters\)$/);
  });
});

describe('joinLinesBounded', () => {
  const more = (n: number) => `and ${n} more`;

  it('joins every line when they fit', () => {
    assert.equal(joinLinesBounded(['a', 'b'], { max: 1000, maxLine: 100 }, more), 'a\nb');
  });

  it('keeps whole lines within the limit and counts the rest', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i} ${'z'.repeat(50)}`);
    const text = joinLinesBounded(lines, { max: 4096, maxLine: 512 }, more);
    assert.ok(text.length <= 4096);
    assert.match(text, /^line 0 z+\nline 1 /);
    assert.match(text, /\nand \d+ more$/);
  });

  it('cuts each overlong line', () => {
    const text = joinLinesBounded(
      ['x'.repeat(1_000_000), 'next'],
      { max: 4096, maxLine: 300 },
      more,
    );
    assert.match(text, /^x+… \(\d+ more characters\)\nnext$/);
  });
});
