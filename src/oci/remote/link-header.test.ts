import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextLink } from './link-header.js';

describe('nextLink', () => {
  const cases: [string | string[] | undefined, string | undefined][] = [
    [undefined, undefined],
    ['</v2/app/tags/list?n=2&last=b>; rel="next"', '/v2/app/tags/list?n=2&last=b'],
    ['<https://r.example/v2/x?last=c>;rel=next', 'https://r.example/v2/x?last=c'],
    ['</a>; rel="prev", </b>; rel="next"', '/b'],
    ['</a>; rel="prev next"', '/a'],
    ['</a>; rel="previous"', undefined],
    ['</a>', undefined],
    ['garbage', undefined],
    [['</a>; rel="prev"', '</b>; REL="Next"'], '/b'],
  ];
  for (const [header, expected] of cases) {
    it(`reads ${JSON.stringify(header)}`, () => assert.equal(nextLink(header), expected));
  }
});
