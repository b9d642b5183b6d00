// The legacy Rekor bundle annotation: a SET by a trusted log over a hashedrekord body that
// logs exactly this signature. Cases are built with fresh keys; the last suite checks
// real cosign output against the public-good Rekor key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeBase64 } from '../../core/base64.js';
import { generateKeyPair, parsePublicKey, signData } from '../../core/keys/index.js';
import { checkpointSigner } from '../../tlog/checkpoint/index.js';
import { canonicalJsonBytes } from '../../core/canonical-json.js';
import { logIdOf, signEntryTimestamp } from '../../tlog/entry/index.js';
import { hashedRekordProposal } from '../../tlog/client/index.js';
import { parseContainersSignature } from '../cosign/containers-dir.js';
import { verifyRekorBundleAnnotation } from './rekor-bundle.js';
import { compileTlogTrust } from './tlog-trust.js';

const log = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherLog = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = await generateKeyPair('ecdsa-p256');
const payload = new TextEncoder().encode('{"critical":{}}');
const signature = signData(signer, payload);
const NOW = new Date('2026-01-01T00:00:00Z');
const trust = compileTlogTrust({ keys: [log.publicKey], now: () => NOW });

interface Options {
  readonly payload?: Uint8Array;
  readonly signature?: Uint8Array;
  readonly integratedTime?: number;
  readonly logKey?: typeof log;
}

function annotation(options: Options = {}): Record<string, unknown> {
  const logged = options.payload ?? payload;
  const logKey = options.logKey ?? log;
  // Built directly (not through the log's canonicalizer, which would refuse the forgeries).
  const body = canonicalJsonBytes(
    hashedRekordProposal({
      algorithm: 'sha256',
      digestHex: createHash('sha256').update(logged).digest('hex'),
      signature: options.signature ?? signature,
      publicKeyPem: signer.publicKey.pem,
    }),
  );
  const fields = {
    body: encodeBase64(body),
    integratedTime: options.integratedTime ?? Math.floor(NOW.getTime() / 1000) - 60,
    logID: logIdOf(logKey.publicKey),
    logIndex: 42,
  };
  const set = signEntryTimestamp(checkpointSigner(logKey.privateKey), fields);
  return { SignedEntryTimestamp: encodeBase64(set), Payload: fields };
}

const check = (doc: unknown, evidence = { payload, signature, signer: signer.publicKey }) =>
  verifyRekorBundleAnnotation(JSON.stringify(doc), evidence, trust);

describe('verifyRekorBundleAnnotation', () => {
  it('accepts a SET by the trusted log over this very signature', () => {
    const outcome = check(annotation());
    assert.deepEqual(outcome, {
      ok: true,
      logIndex: 42,
      integratedTime: Math.floor(NOW.getTime() / 1000) - 60,
      logId: logIdOf(log.publicKey),
      inclusionProven: false,
    });
  });

  const tamperedSet = annotation();
  const setBytes = Buffer.from(tamperedSet.SignedEntryTimestamp as string, 'base64');
  setBytes[setBytes.length - 1]! ^= 1;
  tamperedSet.SignedEntryTimestamp = setBytes.toString('base64');
  const movedIndex = annotation();
  (movedIndex.Payload as { logIndex: number }).logIndex = 43;
  const other = signData(signer, payload);

  const cases: [string, unknown, RegExp, Parameters<typeof check>[1]?][] = [
    ['a tampered SET', tamperedSet, /signed entry timestamp of log entry 42 is not the log key's/],
    ['a SET moved to another index', movedIndex, /signed entry timestamp of log entry 43/],
    ['an entry of another log', annotation({ logKey: otherLog }), /which is not a trusted log key/],
    [
      'an entry of another payload',
      annotation({ payload: new Uint8Array([1]) }),
      /digest of another payload/,
    ],
    [
      'an entry of another signature',
      annotation({ signature: other }),
      /another signature than this layer/,
    ],
    [
      'an entry from the future',
      annotation({ integratedTime: Math.floor(NOW.getTime() / 1000) + 3600 }),
      /3600 s in the future/,
    ],
    ['text that is not JSON', 'not json', /not JSON/],
    ['a bundle without a body', { SignedEntryTimestamp: 'AA==', Payload: { logID: 'x' } }, /lacks/],
    [
      'a fractional index',
      { ...annotation(), Payload: { ...(annotation().Payload as object), logIndex: 1.5 } },
      /whole numbers/,
    ],
  ];
  for (const [name, doc, message] of cases) {
    it(`rejects ${name}`, () => {
      const outcome =
        typeof doc === 'string'
          ? verifyRekorBundleAnnotation(
              doc,
              { payload, signature, signer: signer.publicKey },
              trust,
            )
          : check(doc);
      assert.equal(outcome.ok, false);
      assert.match((outcome as { message: string }).message, message);
    });
  }

  it('rejects an entry that logs another signing key', async () => {
    const stranger = await generateKeyPair('ecdsa-p256');
    const outcome = check(annotation(), { payload, signature, signer: stranger.publicKey });
    assert.equal(outcome.ok, false);
    assert.match((outcome as { message: string }).message, /another signing key/);
  });

  it("rejects an entry integrated outside its log key's validity window, as a trusted root gives it", () => {
    const at = Math.floor(NOW.getTime() / 1000) - 60;
    const windowed = (validFrom?: Date, validUntil?: Date) =>
      compileTlogTrust({
        keys: [
          {
            key: log.publicKey,
            ...(validFrom ? { validFrom } : {}),
            ...(validUntil ? { validUntil } : {}),
          },
        ],
        now: () => NOW,
      });
    const evidence = { payload, signature, signer: signer.publicKey };
    const verify = (t: ReturnType<typeof compileTlogTrust>) =>
      verifyRekorBundleAnnotation(JSON.stringify(annotation()), evidence, t);
    assert.equal(verify(windowed(new Date((at - 1) * 1000), new Date((at + 1) * 1000))).ok, true);
    const early = verify(windowed(new Date((at + 1) * 1000)));
    assert.match((early as { message: string }).message, /before its log key became valid/);
    const late = verify(windowed(undefined, new Date((at - 1) * 1000)));
    assert.match((late as { message: string }).message, /after its log key expired/);
  });
});

// Real cosign output (containers/image fixtures, ../shared/fixtures/README.md): a keyed
// signature logged in the public-good Rekor in January 2023.
const FIXTURES = resolve(process.env.SIGNET_FIXTURES ?? '../shared/fixtures', 'containers-image');

/**
 * The public-good Rekor log key (rekor.sigstore.dev, ECDSA P-256), as published in
 * Sigstore's trusted root and embedded in sigstore-js' tests
 * (packages/verify/src/__tests__/timestamp/tlog.test.ts, "Actual public key for
 * public-good Rekor"). Public data; its SHA-256 is the log ID c0d23d6a… the fixture names.
 */
const PUBLIC_REKOR_SPKI =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==';
const publicRekor = createPublicKey({
  key: Buffer.from(PUBLIC_REKOR_SPKI, 'base64'),
  format: 'der',
  type: 'spki',
});

describe('cosign fixture logged in the public Rekor', () => {
  const present = existsSync(join(FIXTURES, 'dir-img-cosign-key-rekor-valid'));
  const skip = `containers/image fixtures not found at ${FIXTURES}; set SIGNET_FIXTURES to run`;

  function fixtureLayer() {
    const bytes = readFileSync(join(FIXTURES, 'dir-img-cosign-key-rekor-valid', 'signature-1'));
    const parsed = parseContainersSignature(new Uint8Array(bytes), 'signature-1');
    if (parsed.kind !== 'sigstore') throw new Error('signature-1 is not a cosign signature');
    return parsed.layer;
  }

  it('verifies the SET of dir-img-cosign-key-rekor-valid with the public Rekor key', (t) => {
    if (!present) return t.skip(skip);
    const layer = fixtureLayer();
    const key = parsePublicKey(readFileSync(join(FIXTURES, 'cosign2.pub'), 'utf8'), 'cosign2.pub');
    const outcome = verifyRekorBundleAnnotation(
      layer.annotations['dev.sigstore.cosign/bundle']!,
      {
        payload: layer.payload,
        signature: Buffer.from(layer.annotations['dev.cosignproject.cosign/signature']!, 'base64'),
        signer: key,
      },
      compileTlogTrust({ keys: [publicRekor] }),
    );
    assert.deepEqual(outcome, {
      ok: true,
      logIndex: 11608800,
      integratedTime: 1674251859,
      logId: 'c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d',
      inclusionProven: false,
    });
  });

  it('checks the fixture SET against the fixture rekor.pub when that file holds a key', (t) => {
    if (!present) return t.skip(skip);
    const text = readFileSync(join(FIXTURES, 'rekor.pub'), 'utf8');
    if (!text.includes('BEGIN PUBLIC KEY')) {
      // The fixture copy keeps git symlinks as text: rekor.pub (and rekor-payload,
      // rekor-sig, rekor-set) hold only their link target, and that target is outside the
      // copied folder, so the log key the fixture README promises is not there.
      return t.skip(
        `fixture rekor.pub is a git symlink stored as text ("${text.trim()}", pointing outside the fixture copy), not a PEM key; the public Rekor key embedded above is used instead`,
      );
    }
    assert.equal(logIdOf(createPublicKey(text)), logIdOf(publicRekor));
  });
});
