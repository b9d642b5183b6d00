import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges, preferredChallenge } from './challenge.js';

describe('parseChallenges', () => {
  const cases: [string, string | string[] | undefined, unknown[]][] = [
    ['no header', undefined, []],
    ['an empty header', '', []],
    [
      'Basic with realm',
      'Basic realm="Registry Realm"',
      [{ scheme: 'basic', realm: 'Registry Realm' }],
    ],
    ['Basic without parameters', 'basic', [{ scheme: 'basic' }]],
    [
      'Bearer with realm, service and a scope holding a comma',
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:team/app:pull,push"',
      [
        {
          scheme: 'bearer',
          realm: 'https://auth.example/token',
          service: 'registry.example',
          scope: 'repository:team/app:pull,push',
        },
      ],
    ],
    [
      'Bearer with insufficient_scope error and spaces around =',
      'Bearer realm = "https://a/t", error="insufficient_scope", scope="repository:x:push"',
      [
        {
          scheme: 'bearer',
          realm: 'https://a/t',
          error: 'insufficient_scope',
          scope: 'repository:x:push',
        },
      ],
    ],
    [
      'unquoted values',
      'Bearer realm=https://a/t,service=reg',
      [{ scheme: 'bearer', realm: 'https://a/t', service: 'reg' }],
    ],
    ['escaped quotes', 'Basic realm="say \\"hi\\""', [{ scheme: 'basic', realm: 'say "hi"' }]],
    [
      'two challenges in one header',
      'Basic realm="r1", Bearer realm="https://a/t",service="s"',
      [
        { scheme: 'basic', realm: 'r1' },
        { scheme: 'bearer', realm: 'https://a/t', service: 's' },
      ],
    ],
    [
      'two headers',
      ['Negotiate', 'Bearer realm="https://a/t"'],
      [
        { scheme: 'other', name: 'negotiate' },
        { scheme: 'bearer', realm: 'https://a/t' },
      ],
    ],
    [
      'Bearer without a realm (unusable)',
      'Bearer service="s"',
      [{ scheme: 'other', name: 'bearer' }],
    ],
    [
      'an unterminated quote',
      'Bearer realm="https://a/t',
      [{ scheme: 'bearer', realm: 'https://a/t' }],
    ],
    ['garbage', '=== ,,, "', []],
    [
      'duplicate parameters (first wins)',
      'Bearer realm="https://a",realm="https://b"',
      [{ scheme: 'bearer', realm: 'https://a' }],
    ],
  ];
  for (const [name, header, expected] of cases) {
    it(`parses ${name}`, () => {
      assert.deepEqual(parseChallenges(header), expected);
    });
  }

  it('prefers Bearer over Basic', () => {
    const found = preferredChallenge(
      parseChallenges('Basic realm="r", Bearer realm="https://a/t"'),
    );
    assert.equal(found?.scheme, 'bearer');
    assert.equal(preferredChallenge(parseChallenges('Negotiate')), undefined);
  });
});
