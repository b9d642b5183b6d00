import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCount, parseInterval, parseSha256 } from './flag-values.js';

describe('signet tlog flag values', () => {
  it('reads intervals with units, and plain seconds', () => {
    assert.equal(parseInterval('30s'), 30_000);
    assert.equal(parseInterval('5m'), 300_000);
    assert.equal(parseInterval('1h'), 3_600_000);
    assert.equal(parseInterval('1500ms'), 1_500);
    assert.equal(parseInterval('45'), 45_000);
  });

  for (const bad of ['0s', '999ms', '25h', '1d', '-5s', '', '1.5s'])
    it(`refuses the interval ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseInterval(bad), { code: 'CLI_USAGE' });
    });

  it('reads counts and refuses what is not a whole number in range', () => {
    assert.equal(parseCount('0', '--log-index', 0), 0);
    assert.equal(parseCount('12345', '--first-size', 1), 12345);
    for (const bad of ['-1', '1e3', '01', 'x', '99999999999999999'])
      assert.throws(() => parseCount(bad, '--log-index', 0), { code: 'CLI_USAGE' });
    assert.throws(() => parseCount('0', '--first-size', 1), /at least 1/);
  });

  it('reads SHA-256 digests with or without the prefix', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(parseSha256(hex.toUpperCase()), hex);
    assert.equal(parseSha256(`sha256:${hex}`), hex);
    assert.throws(() => parseSha256('sha512:' + hex), { code: 'CLI_USAGE' });
  });
});
