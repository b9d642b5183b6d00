import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { parsePolicyJson } from './parse-policy.js';

const KEY_DATA = Buffer.from('not really a key').toString('base64');

describe('policy.json parsing', () => {
  it('reads every requirement and identity kind, defaulting signedIdentity to matchRepoDigestOrExact', () => {
    const policy = parsePolicyJson(
      JSON.stringify({
        default: [{ type: 'reject' }],
        transports: {
          docker: {
            '': [{ type: 'insecureAcceptAnything' }],
            'quay.io/team': [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: '/k.gpg' }],
            'quay.io/a': [
              {
                type: 'signedBy',
                keyType: 'GPGKeys',
                keyPaths: ['/a', '/b'],
                signedIdentity: { type: 'matchExact' },
              },
              {
                type: 'signedBy',
                keyType: 'GPGKeys',
                keyData: KEY_DATA,
                signedIdentity: {
                  type: 'remapIdentity',
                  prefix: 'quay.io',
                  signedPrefix: 'mirror.example/q',
                },
              },
            ],
            '*.example.com': [
              {
                type: 'sigstoreSigned',
                keyPath: '/c.pub',
                signedIdentity: { type: 'exactRepository', dockerRepository: 'x/y' },
              },
            ],
          },
          atomic: { 'host/ns': [{ type: 'insecureAcceptAnything' }] },
          'some-future-transport': {},
        },
      }),
      'policy.json',
    );
    assert.deepEqual(policy.default, [{ type: 'reject' }]);
    const docker = policy.transports.get('docker')!;
    assert.deepEqual(docker.get('quay.io/team'), [
      {
        type: 'signedBy',
        keyType: 'GPGKeys',
        keys: { kind: 'path', path: '/k.gpg' },
        signedIdentity: { type: 'matchRepoDigestOrExact' },
      },
    ]);
    const remap = docker.get('quay.io/a')![1]!;
    assert.ok(remap.type === 'signedBy' && remap.signedIdentity.type === 'remapIdentity');
    assert.deepEqual(remap.keys, {
      kind: 'data',
      data: [new Uint8Array(Buffer.from('not really a key'))],
    });
    assert.ok(policy.transports.has('atomic'));
  });

  it('parses fulcio with its Rekor keys', () => {
    const policy = parsePolicyJson(
      JSON.stringify({
        default: [
          {
            type: 'sigstoreSigned',
            fulcio: { caPath: '/ca', oidcIssuer: 'https://i', subjectEmail: 'a@b' },
            rekorPublicKeyPath: '/r',
          },
        ],
      }),
      'p',
    );
    assert.deepEqual(policy.default[0], {
      type: 'sigstoreSigned',
      trust: {
        kind: 'fulcio',
        ca: { kind: 'path', path: '/ca' },
        oidcIssuer: 'https://i',
        subjectEmail: 'a@b',
      },
      rekorKeys: { kind: 'path', path: '/r' },
      signedIdentity: { type: 'matchRepoDigestOrExact' },
    });
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a missing default', { transports: {} }, /default: is required/],
    ['an empty default', { default: [] }, /default: must not be an empty list/],
    [
      'an unknown top-level field',
      { default: [{ type: 'reject' }], defaults: [] },
      /defaults: unknown field/,
    ],
    [
      'an unknown requirement type',
      { default: [{ type: 'acceptAll' }] },
      /default\[0\]\.type: unknown requirement type "acceptAll"/,
    ],
    ['a missing requirement type', { default: [{}] }, /default\[0\]\.type: is required/],
    [
      'an extra field on reject',
      { default: [{ type: 'reject', keyPath: '/x' }] },
      /keyPath: is not a field of a reject requirement/,
    ],
    [
      'a signedBy without keyType',
      { default: [{ type: 'signedBy', keyPath: '/k' }] },
      /keyType: is required/,
    ],
    [
      'an unknown keyType',
      { default: [{ type: 'signedBy', keyType: 'PGP', keyPath: '/k' }] },
      /unrecognized keyType "PGP"/,
    ],
    [
      'two key sources',
      { default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: '/k', keyData: KEY_DATA }] },
      /exactly one of keyPath, keyPaths, keyData must be given, found keyPath and keyData/,
    ],
    ['no key source', { default: [{ type: 'signedBy', keyType: 'GPGKeys' }] }, /none is/],
    [
      'an empty keyPath',
      { default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: '' }] },
      /keyPath: must not be empty/,
    ],
    [
      'a number as keyPath',
      { default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath: 5 }] },
      /keyPath: must be a string, not number 5/,
    ],
    [
      'keyData that is not base64',
      { default: [{ type: 'signedBy', keyType: 'GPGKeys', keyData: 'not base64!' }] },
      /keyData: is not valid base64/,
    ],
    [
      'an unknown signedIdentity type',
      {
        default: [
          {
            type: 'signedBy',
            keyType: 'GPGKeys',
            keyPath: '/k',
            signedIdentity: { type: 'matchAll' },
          },
        ],
      },
      /unknown signedIdentity type "matchAll"/,
    ],
    [
      'exactReference without a tag',
      {
        default: [
          {
            type: 'signedBy',
            keyType: 'GPGKeys',
            keyPath: '/k',
            signedIdentity: { type: 'exactReference', dockerReference: 'quay.io/a' },
          },
        ],
      },
      /neither a tag nor a digest/,
    ],
    [
      'exactReference missing its reference',
      {
        default: [
          {
            type: 'signedBy',
            keyType: 'GPGKeys',
            keyPath: '/k',
            signedIdentity: { type: 'exactReference' },
          },
        ],
      },
      /dockerReference: is required/,
    ],
    [
      'a field of another identity kind',
      {
        default: [
          {
            type: 'signedBy',
            keyType: 'GPGKeys',
            keyPath: '/k',
            signedIdentity: { type: 'matchExact', prefix: 'a' },
          },
        ],
      },
      /prefix: is not a field of signedIdentity type matchExact/,
    ],
    [
      'an invalid remap prefix',
      {
        default: [
          {
            type: 'signedBy',
            keyType: 'GPGKeys',
            keyPath: '/k',
            signedIdentity: { type: 'remapIdentity', prefix: 'Not Valid', signedPrefix: 'x.io' },
          },
        ],
      },
      /prefix: "Not Valid" is not a registry host/,
    ],
    [
      'sigstoreSigned with two key forms',
      { default: [{ type: 'sigstoreSigned', keyPath: '/a', keyData: KEY_DATA }] },
      /exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki/,
    ],
    [
      'sigstoreSigned with empty keyPaths',
      { default: [{ type: 'sigstoreSigned', keyPaths: [] }] },
      /keyPaths: contains no entries/,
    ],
    [
      'fulcio without rekor',
      { default: [{ type: 'sigstoreSigned', fulcio: { caPath: '/ca' } }] },
      /fulcio needs one of rekorPublicKeyPath/,
    ],
    [
      'a transport that is not an object',
      { default: [{ type: 'reject' }], transports: { docker: [] } },
      /transports\.docker: must be an object of scopes/,
    ],
    [
      'a scope that is not a list',
      { default: [{ type: 'reject' }], transports: { docker: { 'quay.io': { type: 'reject' } } } },
      /transports\.docker\["quay\.io"\]: must be an array of requirements/,
    ],
  ];
  for (const [what, document, pattern] of invalid) {
    it(`refuses ${what}, naming the path`, () => {
      assert.throws(
        () => parsePolicyJson(JSON.stringify(document), '/etc/containers/policy.json'),
        (e: unknown) =>
          isSignetError(e) &&
          e.code === 'POLICY_JSON_INVALID' &&
          e.message.startsWith('/etc/containers/policy.json is not a valid policy.json') &&
          pattern.test(e.message),
      );
    });
  }

  it('refuses duplicate keys and text that is not JSON', () => {
    for (const text of [
      '{"default":[{"type":"reject"}],"default":[{"type":"reject"}]}',
      '{"default": [',
      '',
    ]) {
      assert.throws(
        () => parsePolicyJson(text, 'p'),
        (e: unknown) => isSignetError(e) && e.code === 'POLICY_JSON_INVALID',
      );
    }
  });

  it('reports every problem of a document at once', () => {
    assert.throws(
      () =>
        parsePolicyJson(
          JSON.stringify({ default: [{ type: 'x' }, { type: 'reject', a: 1 }], extra: 1 }),
          'p',
        ),
      (e: unknown) => isSignetError(e) && (e.details['problems'] as string[]).length === 3,
    );
  });
});
