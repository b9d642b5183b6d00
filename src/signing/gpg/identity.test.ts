import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { identityMatches, parseNamedReference, type IdentityRule } from './identity.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseNamedReference', () => {
  const cases: [input: string, text: string][] = [
    ['busybox', 'docker.io/library/busybox'],
    ['testing/manifest', 'docker.io/testing/manifest'],
    ['testing/manifest:latest', 'docker.io/testing/manifest:latest'],
    ['index.docker.io/library/busybox:1', 'docker.io/library/busybox:1'],
    ['localhost:5000/app', 'localhost:5000/app'],
    [`quay.io/a/b:1@${D}`, `quay.io/a/b:1@${D}`],
    [`quay.io/a/b@${D}`, `quay.io/a/b@${D}`],
  ];
  for (const [input, text] of cases) {
    it(`normalises ${input} to ${text} without adding a tag`, () => {
      assert.equal(parseNamedReference(input).text, text);
    });
  }

  it('rejects what distribution rejects', () => {
    assert.throws(() => parseNamedReference('UPPERCASEISINVALID'), { code: 'REFERENCE_INVALID' });
  });
});

describe('identityMatches', () => {
  const table: [rule: IdentityRule, signed: string, expected: string, matches: boolean][] = [
    [{ type: 'exact' }, 'testing/manifest', 'docker.io/testing/manifest', true],
    [{ type: 'exact' }, 'testing/manifest', 'testing/manifest:latest', false],
    [{ type: 'matchExact' }, 'testing/manifest:latest', 'docker.io/testing/manifest:latest', true],
    [{ type: 'matchExact' }, 'testing/manifest', 'testing/manifest', false],
    [{ type: 'matchExact' }, 'a/b:1', 'a/b:2', false],
    [{ type: 'matchRepoDigestOrExact' }, 'a/b:1', `a/b@${D}`, true],
    [{ type: 'matchRepoDigestOrExact' }, 'a/b', `a/b@${D}`, false],
    [{ type: 'matchRepoDigestOrExact' }, 'a/b:1', 'a/b:1', true],
    [{ type: 'matchRepoDigestOrExact' }, 'a/b:1', 'a/b:2', false],
    [{ type: 'matchRepoDigestOrExact' }, 'a/b:1', 'a/b', false],
    [{ type: 'matchRepository' }, 'a/b:1', 'a/b:2', true],
    [{ type: 'matchRepository' }, 'a/b:1', 'a/c:1', false],
    [{ type: 'exactReference', dockerReference: 'a/b:1' }, 'a/b:1', 'x/y:9', true],
    [{ type: 'exactReference', dockerReference: 'a/b' }, 'a/b', 'a/b', false],
    [{ type: 'exactRepository', dockerRepository: 'a/b' }, 'a/b:7', 'x/y:9', true],
    [{ type: 'exactRepository', dockerRepository: 'a/b' }, 'a/c:7', 'a/b:7', false],
  ];
  for (const [rule, signed, expected, matches] of table) {
    it(`${rule.type}: ${signed} ${matches ? 'matches' : 'does not match'} ${expected}`, () => {
      assert.equal(
        identityMatches(rule, parseNamedReference(signed), parseNamedReference(expected)),
        matches,
      );
    });
  }
});
