import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorFactory } from '../../core/errors.js';
import { mostSevere } from './verify-batch.js';

const make = errorFactory({
  NO_SIGNATURES: { category: 'verification', summary: 'unsigned' },
  NO_MATCHING_SIGNATURE: { category: 'verification', summary: 'bad signature' },
  REGISTRY_NOT_FOUND: { category: 'not-found', summary: 'missing' },
  REGISTRY_UNAVAILABLE: { category: 'registry', summary: 'down' },
} as const);

describe("a batch's most severe failure", () => {
  it('ranks a failed signature over an unsigned image over a missing one over a registry failure', () => {
    const down = make('REGISTRY_UNAVAILABLE', 'a');
    const missing = make('REGISTRY_NOT_FOUND', 'b');
    const unsigned = make('NO_SIGNATURES', 'c');
    const forged = make('NO_MATCHING_SIGNATURE', 'd');
    assert.equal(mostSevere([down, missing]), missing);
    assert.equal(mostSevere([missing, unsigned, down]), unsigned);
    assert.equal(mostSevere([unsigned, forged, missing]), forged);
  });

  it('keeps the first of equally severe failures, and has none when all passed', () => {
    const first = make('REGISTRY_NOT_FOUND', 'first');
    assert.equal(mostSevere([first, make('REGISTRY_NOT_FOUND', 'second')]), first);
    assert.equal(mostSevere([]), undefined);
  });
});
