import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signedIdentityMatches } from './identity-match.js';
import type { SignedIdentity } from './types.js';

const D = `sha256:${'e'.repeat(64)}`;
const remap = (prefix: string, signedPrefix: string): SignedIdentity => ({
  type: 'remapIdentity',
  prefix,
  signedPrefix,
});

describe('signedIdentity matching', () => {
  const table: [string, SignedIdentity, string, string, boolean][] = [
    ['matchExact: same tag', { type: 'matchExact' }, 'quay.io/a/b:1', 'quay.io/a/b:1', true],
    ['matchExact: other tag', { type: 'matchExact' }, 'quay.io/a/b:2', 'quay.io/a/b:1', false],
    [
      'matchExact: signature without tag',
      { type: 'matchExact' },
      'quay.io/a/b',
      'quay.io/a/b:1',
      false,
    ],
    [
      'matchRepoDigestOrExact: tag must match',
      { type: 'matchRepoDigestOrExact' },
      'quay.io/a/b:2',
      'quay.io/a/b:1',
      false,
    ],
    [
      'matchRepoDigestOrExact: digest image, any tag of the repo',
      { type: 'matchRepoDigestOrExact' },
      'quay.io/a/b:2',
      `quay.io/a/b@${D}`,
      true,
    ],
    [
      'matchRepository: other tag',
      { type: 'matchRepository' },
      'quay.io/a/b:2',
      'quay.io/a/b:1',
      true,
    ],
    [
      'matchRepository: other repository',
      { type: 'matchRepository' },
      'quay.io/a/c:1',
      'quay.io/a/b:1',
      false,
    ],
    [
      'matchRepository: familiar name normalised',
      { type: 'matchRepository' },
      'busybox:1',
      'docker.io/library/busybox:2',
      true,
    ],
    [
      'exactReference ignores the image',
      { type: 'exactReference', dockerReference: 'x.io/y:1' },
      'x.io/y:1',
      'quay.io/a/b:1',
      true,
    ],
    [
      'exactRepository',
      { type: 'exactRepository', dockerRepository: 'x.io/y' },
      'x.io/y:7',
      'quay.io/a/b:1',
      true,
    ],
    [
      'remap: prefix replaced then compared exactly',
      remap('quay.io/team', 'mirror.io/t'),
      'mirror.io/t/app:1',
      'quay.io/team/app:1',
      true,
    ],
    [
      'remap: remapped tag differs',
      remap('quay.io/team', 'mirror.io/t'),
      'mirror.io/t/app:2',
      'quay.io/team/app:1',
      false,
    ],
    [
      'remap: original identity no longer accepted',
      remap('quay.io/team', 'mirror.io/t'),
      'quay.io/team/app:1',
      'quay.io/team/app:1',
      false,
    ],
    [
      'remap: prefix must end at a boundary',
      remap('quay.io/tea', 'mirror.io/t'),
      'mirror.io/tm/app:1',
      'quay.io/team/app:1',
      false,
    ],
    [
      'remap: prefix not applying keeps the image',
      remap('other.io', 'mirror.io'),
      'quay.io/team/app:1',
      'quay.io/team/app:1',
      true,
    ],
    [
      'remap: host-only prefix',
      remap('quay.io', 'mirror.io:5000'),
      'mirror.io:5000/team/app:1',
      'quay.io/team/app:1',
      true,
    ],
    [
      'remap: non-canonical result matches nothing',
      remap('docker.io/library', 'docker.io'),
      'docker.io/busybox:1',
      'docker.io/library/busybox:1',
      false,
    ],
    [
      'remap: digest image, any tag of the remapped repo',
      remap('quay.io/team', 'mirror.io/t'),
      'mirror.io/t/app:9',
      `quay.io/team/app@${D}`,
      true,
    ],
    [
      'a malformed claimed reference never matches',
      { type: 'matchRepository' },
      'Not A Ref',
      'quay.io/a/b:1',
      false,
    ],
  ];
  for (const [what, identity, claimed, image, expected] of table) {
    it(`${expected ? 'accepts' : 'rejects'}: ${what}`, () => {
      assert.equal(signedIdentityMatches(identity, claimed, image), expected);
    });
  }
});
