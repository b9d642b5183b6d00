import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable, wrap } from './text-table.js';

describe('text tables', () => {
  it('wraps on spaces, cuts words longer than the width and keeps newlines', () => {
    assert.deepEqual(wrap('one two three', 7), ['one two', 'three']);
    assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrap('a\nb', 10), ['a', 'b']);
    assert.deepEqual(wrap('', 10), ['']);
  });

  it('draws boxed rows with upper-case centred headers and multi-line cells', () => {
    const table = renderTable(
      [{ header: 'Name' }, { header: 'X', centre: true }],
      [
        ['a b', 'X'],
        ['c', '-'],
      ],
    );
    assert.equal(
      table,
      [
        '+------+---+',
        '| NAME | X |',
        '+------+---+',
        '| a b  | X |',
        '+------+---+',
        '| c    | - |',
        '+------+---+',
      ].join('\n'),
    );
    const long = renderTable([{ header: 'A' }], [['word '.repeat(10).trim()]]);
    assert.ok(long.split('\n').every((line) => line.length === long.split('\n')[0]!.length));
  });
});
