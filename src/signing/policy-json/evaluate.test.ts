import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as openpgp from 'openpgp';
import { encodeBase64 } from '../../core/base64.js';
import { lookasideError } from '../lookaside/errors.js';
import { generateKeyPair, signData } from '../../core/keys/index.js';
import { parseReference } from '../../oci/reference/index.js';
import {
  CosignAnnotation,
  CosignMediaType,
  buildSimpleSigningPayload,
  type SignatureLayer,
} from '../cosign/index.js';
import { signSimpleSignature } from '../gpg/index.js';
import { compilePolicyJson } from './compile.js';
import { evaluatePolicyJson, type ImageSignatures } from './evaluate.js';
import { parsePolicyJson } from './parse-policy.js';

const DIGEST = `sha256:${'1'.repeat(64)}`;
const OTHER = `sha256:${'2'.repeat(64)}`;
const IMAGE = 'reg.example.com/team/app:1.0';
const files = new Map<string, Uint8Array>();
let trusted: string;
let untrusted: string;
let cosignLayer: SignatureLayer;

async function gpgKey(name: string) {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name }],
    date: new Date('2025-01-01T00:00:00Z'),
    format: 'armored',
  });
  return { privateKey, publicKey };
}

const sign = async (privateKey: string, dockerReference = IMAGE, manifestDigest = DIGEST) =>
  (await signSimpleSignature({ privateKey, dockerReference, manifestDigest })).signature;

async function decide(
  policy: object,
  simpleSigning: Uint8Array[] = [],
  image = IMAGE,
  sigstore: SignatureLayer[] = [],
) {
  const compiled = await compilePolicyJson(parsePolicyJson(JSON.stringify(policy), 'policy.json'), {
    readKeyFile: (path) => {
      const found = files.get(path);
      return found === undefined
        ? Promise.reject(new Error(`no such file ${path}`))
        : Promise.resolve(found);
    },
  });
  let fetches = 0;
  const decision = await evaluatePolicyJson(compiled, {
    reference: parseReference(image),
    manifestDigest: DIGEST,
    now: new Date(),
    signatures: (): Promise<ImageSignatures> => {
      fetches++;
      return Promise.resolve({ simpleSigning, sigstore });
    },
  });
  return { ...decision, fetches };
}

const signedBy = (extra: object = {}) => ({
  type: 'signedBy',
  keyType: 'GPGKeys',
  keyPath: '/trusted.asc',
  ...extra,
});

before(async () => {
  const a = await gpgKey('trusted');
  const b = await gpgKey('untrusted');
  trusted = a.privateKey;
  untrusted = b.privateKey;
  files.set('/trusted.asc', new TextEncoder().encode(a.publicKey));
  const cosign = await generateKeyPair('ecdsa-p256');
  files.set('/cosign.pub', new TextEncoder().encode(cosign.publicKey.pem));
  const payload = buildSimpleSigningPayload({
    dockerReference: 'reg.example.com/team/app',
    manifestDigest: DIGEST,
  });
  cosignLayer = {
    mediaType: CosignMediaType.SimpleSigning,
    payload,
    annotations: { [CosignAnnotation.Signature]: encodeBase64(signData(cosign, payload)) },
  };
});

describe('policy.json evaluation', () => {
  it('accepts with insecureAcceptAnything without reading signatures', async () => {
    const decision = await decide({ default: [{ type: 'insecureAcceptAnything' }] });
    assert.equal(decision.allowed, true);
    assert.equal(decision.fetches, 0);
  });

  it('rejects with reject, naming the image', async () => {
    const decision = await decide({ default: [{ type: 'reject' }] });
    assert.equal(decision.allowed, false);
    assert.match(
      decision.requirements[0]!.reason,
      /reg\.example\.com\/team\/app:1\.0 is rejected by policy/,
    );
  });

  it('accepts an image signed by a trusted key for its own reference', async () => {
    const decision = await decide({ default: [signedBy()] }, [
      await sign(untrusted),
      await sign(trusted),
    ]);
    assert.equal(decision.allowed, true);
    assert.match(decision.requirements[0]!.reason, /signature-2 by key [0-9A-F]{40} accepted/);
  });

  const rejections: [string, () => Promise<Uint8Array[]>, object, RegExp][] = [
    ['an unsigned image', () => Promise.resolve([]), {}, /no signature exists/],
    [
      'a signature by an unknown key',
      async () => [await sign(untrusted)],
      {},
      /not in the trusted keyring/,
    ],
    [
      'a signature over another digest',
      async () => [await sign(trusted, IMAGE, OTHER)],
      {},
      /signature for digest sha256:2+ does not match/,
    ],
    [
      'a signature for another tag',
      async () => [await sign(trusted, 'reg.example.com/team/app:2.0')],
      {},
      /identity "reg\.example\.com\/team\/app:2\.0" is not accepted/,
    ],
    ['garbage', () => Promise.resolve([new Uint8Array([1, 2, 3])]), {}, /signature-1/],
    [
      'an unreadable key file',
      async () => [await sign(trusted)],
      { keyPath: '/missing.asc' },
      /GPG keys cannot be used: no such file/,
    ],
    [
      'an unimplemented keyType',
      async () => [await sign(trusted)],
      { keyType: 'X509Certificates' },
      /keyType "X509Certificates" is not implemented/,
    ],
  ];
  for (const [what, signatures, extra, pattern] of rejections) {
    it(`rejects ${what}, saying why`, async () => {
      const decision = await decide({ default: [signedBy(extra)] }, await signatures());
      assert.equal(decision.allowed, false);
      assert.match(decision.requirements[0]!.reason, pattern);
    });
  }

  it('lists every rejected signature when none is accepted', async () => {
    const decision = await decide({ default: [signedBy()] }, [
      await sign(untrusted),
      await sign(trusted, IMAGE, OTHER),
    ]);
    assert.match(
      decision.requirements[0]!.reason,
      /none of the signatures were accepted: .*trusted keyring.*does not match/,
    );
  });

  it('needs every requirement of a list to pass, reporting each one', async () => {
    const decision = await decide({ default: [signedBy(), { type: 'reject' }] }, [
      await sign(trusted),
    ]);
    assert.equal(decision.allowed, false);
    assert.deepEqual(
      decision.requirements.map((r) => r.accepted),
      [true, false],
    );
    assert.equal(decision.fetches, 1);
  });

  it('uses the most specific scope and says which', async () => {
    const policy = {
      default: [{ type: 'reject' }],
      transports: {
        docker: {
          '': [{ type: 'reject' }],
          'reg.example.com': [{ type: 'reject' }],
          'reg.example.com/team': [{ type: 'insecureAcceptAnything' }],
          '*.example.com': [{ type: 'reject' }],
        },
      },
    };
    const team = await decide(policy);
    assert.equal(team.scope, 'docker:reg.example.com/team');
    assert.equal(team.allowed, true);
    assert.equal(
      (await decide(policy, [], 'reg.example.com/other/x:1')).scope,
      'docker:reg.example.com',
    );
    assert.equal((await decide(policy, [], 'a.example.com/x:1')).scope, 'docker:*.example.com');
    assert.equal((await decide(policy, [], 'quay.io/x:1')).scope, 'docker:""');
    assert.equal(
      (await decide({ default: [{ type: 'reject' }] }, [], 'quay.io/x:1')).scope,
      'default',
    );
  });

  it('rejects when signatures cannot be read, with the reason', async () => {
    const compiled = await compilePolicyJson(
      parsePolicyJson(JSON.stringify({ default: [signedBy()] }), 'p'),
      {
        readKeyFile: (path) => Promise.resolve(files.get(path)!),
      },
    );
    const decision = await evaluatePolicyJson(compiled, {
      reference: parseReference(IMAGE),
      manifestDigest: DIGEST,
      now: new Date(),
      signatures: () =>
        Promise.reject(
          lookasideError('LOOKASIDE_READ_FAILED', 'reading https://sigs/x gave HTTP 500'),
        ),
    });
    assert.match(
      decision.requirements[0]!.reason,
      /cannot be read: reading https:\/\/sigs\/x gave HTTP 500/,
    );
  });

  it('accepts a cosign signature under sigstoreSigned only with a repository identity rule', async () => {
    const requirement = { type: 'sigstoreSigned', keyPath: '/cosign.pub' };
    const byRepository = await decide(
      { default: [{ ...requirement, signedIdentity: { type: 'matchRepository' } }] },
      [],
      IMAGE,
      [cosignLayer],
    );
    assert.equal(byRepository.allowed, true);
    const byDefault = await decide({ default: [requirement] }, [], IMAGE, [cosignLayer]);
    assert.equal(byDefault.allowed, false);
    assert.match(
      byDefault.requirements[0]!.reason,
      /identity "reg\.example\.com\/team\/app" is not accepted/,
    );
  });

  it('rejects every image when the fulcio CA file cannot be read, naming it', async () => {
    const decision = await decide(
      {
        default: [
          {
            type: 'sigstoreSigned',
            fulcio: { caPath: '/ca', oidcIssuer: 'i', subjectEmail: 'e' },
            rekorPublicKeyPath: '/r',
          },
        ],
      },
      [],
      IMAGE,
      [cosignLayer],
    );
    assert.equal(decision.allowed, false);
    assert.match(
      decision.requirements[0]!.reason,
      /trust material cannot be used: no such file \/(ca|r)/,
    );
  });
});
