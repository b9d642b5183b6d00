import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { parsePolicyJson } from './parse-policy.js';

const DATA = Buffer.from('pem').toString('base64');
const FULCIO = { caPath: '/ca', oidcIssuer: 'https://i', subjectEmail: 'a@b' };
const PKI = { caRootsPath: '/roots', subjectEmail: 'a@b' };

const parse = (requirement: object) =>
  parsePolicyJson(
    JSON.stringify({ default: [{ type: 'sigstoreSigned', ...requirement }] }),
    'policy.json',
  ).default[0];

describe('sigstoreSigned parsing (containers/image newPRSigstoreSigned rules)', () => {
  it('reads keys with optional Rekor keys', () => {
    assert.deepEqual(parse({ keyDatas: [DATA], rekorPublicKeyPaths: ['/r1', '/r2'] }), {
      type: 'sigstoreSigned',
      trust: { kind: 'keys', keys: { kind: 'data', data: [new Uint8Array(Buffer.from('pem'))] } },
      rekorKeys: { kind: 'paths', paths: ['/r1', '/r2'] },
      signedIdentity: { type: 'matchRepoDigestOrExact' },
    });
  });

  it('reads pki with intermediates, email and hostname', () => {
    assert.deepEqual(
      parse({ pki: { ...PKI, caIntermediatesData: DATA, subjectHostname: 'h.example' } }),
      {
        type: 'sigstoreSigned',
        trust: {
          kind: 'pki',
          caRoots: { kind: 'path', path: '/roots' },
          caIntermediates: { kind: 'data', data: [new Uint8Array(Buffer.from('pem'))] },
          subjectEmail: 'a@b',
          subjectHostname: 'h.example',
        },
        signedIdentity: { type: 'matchRepoDigestOrExact' },
      },
    );
  });

  const invalid: [string, object, RegExp][] = [
    ['no key source', {}, /exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki/],
    [
      'a key and fulcio',
      { keyPath: '/k', fulcio: FULCIO, rekorPublicKeyPath: '/r' },
      /exactly one of/,
    ],
    ['fulcio and pki', { fulcio: FULCIO, pki: PKI, rekorPublicKeyPath: '/r' }, /exactly one of/],
    [
      'two Rekor key forms',
      { keyPath: '/k', rekorPublicKeyPath: '/r', rekorPublicKeyData: DATA },
      /at most one of rekorPublicKeyPath/,
    ],
    ['fulcio without Rekor keys', { fulcio: FULCIO }, /fulcio needs one of rekorPublicKeyPath/],
    [
      'pki with Rekor keys',
      { pki: PKI, rekorPublicKeyPath: '/r' },
      /rekorPublicKeyPath cannot be used with pki/,
    ],
    [
      'empty rekorPublicKeyPaths',
      { keyPath: '/k', rekorPublicKeyPaths: [] },
      /rekorPublicKeyPaths: contains no entries/,
    ],
    [
      'empty rekorPublicKeyDatas',
      { keyPath: '/k', rekorPublicKeyDatas: [] },
      /rekorPublicKeyDatas: must be a non-empty array/,
    ],
    [
      'fulcio with caPath and caData',
      { fulcio: { ...FULCIO, caData: DATA }, rekorPublicKeyPath: '/r' },
      /caPath and caData cannot be used together/,
    ],
    [
      'fulcio without a CA',
      { fulcio: { oidcIssuer: 'i', subjectEmail: 'e' }, rekorPublicKeyPath: '/r' },
      /one of caPath and caData must be given/,
    ],
    [
      'fulcio without oidcIssuer',
      { fulcio: { caPath: '/ca', subjectEmail: 'e' }, rekorPublicKeyPath: '/r' },
      /fulcio\.oidcIssuer: is required/,
    ],
    [
      'fulcio with an empty subjectEmail',
      { fulcio: { ...FULCIO, subjectEmail: '' }, rekorPublicKeyPath: '/r' },
      /fulcio\.subjectEmail: must not be empty/,
    ],
    [
      'a pki member inside fulcio',
      { fulcio: { ...FULCIO, subjectHostname: 'h' }, rekorPublicKeyPath: '/r' },
      /fulcio\.subjectHostname: unknown field/,
    ],
    [
      'pki without roots',
      { pki: { subjectEmail: 'a@b' } },
      /one of caRootsPath and caRootsData must be given/,
    ],
    [
      'pki without a subject',
      { pki: { caRootsPath: '/roots' } },
      /at least one of subjectEmail and subjectHostname/,
    ],
    [
      'pki with both intermediates forms',
      { pki: { ...PKI, caIntermediatesPath: '/i', caIntermediatesData: DATA } },
      /caIntermediatesPath and caIntermediatesData cannot be used together/,
    ],
    [
      'a fulcio member inside pki',
      { pki: { ...PKI, oidcIssuer: 'i' } },
      /pki\.oidcIssuer: unknown field/,
    ],
    [
      'fulcio that is not an object',
      { fulcio: 'yes', rekorPublicKeyPath: '/r' },
      /fulcio: must be an object/,
    ],
    [
      'caData that is not base64',
      { fulcio: { caData: '*', oidcIssuer: 'i', subjectEmail: 'e' }, rekorPublicKeyPath: '/r' },
      /caData: is not valid base64/,
    ],
  ];
  for (const [name, requirement, message] of invalid) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => parse(requirement),
        (error: unknown) =>
          isSignetError(error) &&
          error.code === 'POLICY_JSON_INVALID' &&
          message.test(error.message),
      );
    });
  }
});
