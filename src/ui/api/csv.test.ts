import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toCsv } from './csv.js';

describe('CSV export', () => {
  it('quotes every field, doubles quotes, joins lists and ends lines with CRLF', () => {
    const csv = toCsv(
      [{ a: 'say "hi"', b: ['x', 'y'], c: undefined, d: new Date(0), e: 3 }],
      [
        ['a', (r) => r.a],
        ['b', (r) => r.b],
        ['c', (r) => r.c],
        ['d', (r) => r.d],
        ['e', (r) => r.e],
      ],
    );
    assert.equal(
      csv,
      '"a","b","c","d","e"\r\n"say ""hi""","x; y","","1970-01-01T00:00:00.000Z","3"\r\n',
    );
  });

  it('defuses fields a spreadsheet would run as formulas', () => {
    for (const hostile of ['=HYPERLINK("http://evil")', '+1', '-1+2', '@SUM(A1)']) {
      const csv = toCsv([hostile], [['image', (r) => r]]);
      assert.ok(csv.split('\r\n')[1]!.startsWith(`"'`), hostile);
    }
  });
});
