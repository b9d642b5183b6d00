import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { isSignetError } from '../../core/errors.js';
import { formatCheckpoint, type Checkpoint } from './body.js';
import { keyHintFor, rekorKeyHint, type KeyHintRule } from './key-hint.js';
import { MAX_NOTE_BYTES } from './note.js';
import { checkpointSigner, signCheckpoint } from './sign.js';
import { verifyCheckpoint } from './verify.js';

const NAME = '127.0.0.1:3000';
const CHECKPOINT: Checkpoint = {
  origin: '127.0.0.1:3000 - 1',
  size: 42,
  rootHash: Uint8Array.from({ length: 32 }, (_, i) => 255 - i),
  otherContent: [],
};
const BODY = formatCheckpoint(CHECKPOINT);

const ecdsa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed25519 = generateKeyPairSync('ed25519');
const otherEcdsa = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function signed(
  keys: { privateKey: KeyObject; publicKey: KeyObject },
  body = BODY,
  name = NAME,
  rule: KeyHintRule = 'rekor-v1',
): string {
  return signCheckpoint(
    body,
    checkpointSigner(keys.privateKey),
    name,
    keyHintFor(keys.publicKey, name, rule),
  );
}

const failsWith =
  (code: string, text = '') =>
  (e: unknown) =>
    isSignetError(e) && e.code === code && e.message.includes(text);

describe('signCheckpoint and verifyCheckpoint', () => {
  it('round-trips an ECDSA P-256 checkpoint in the Rekor v1 note layout', () => {
    const note = signed(ecdsa);
    assert.match(
      note,
      /^127\.0\.0\.1:3000 - 1\n42\n[A-Za-z0-9+/]{43}=\n\n\u2014 127\.0\.0\.1:3000 \S+\n$/,
    );
    const hint = Buffer.from(note.split(' ').at(-1)!, 'base64').subarray(0, 4);
    assert.deepEqual(new Uint8Array(hint), rekorKeyHint(ecdsa.publicKey));
    assert.deepEqual(verifyCheckpoint(note, ecdsa.publicKey, NAME), CHECKPOINT);
  });

  it('round-trips Ed25519 checkpoints under both key hint rules', () => {
    for (const keyHintRule of ['rekor-v1', 'c2sp'] as const) {
      const note = signed(ed25519, BODY, NAME, keyHintRule);
      assert.deepEqual(
        verifyCheckpoint(note, ed25519.publicKey, NAME, { keyHintRule }),
        CHECKPOINT,
      );
    }
  });

  it('keeps extra lines such as the old Rekor timestamp', () => {
    const withTimestamp = { ...CHECKPOINT, otherContent: ['Timestamp: 1689000000000000000'] };
    const note = signed(ecdsa, formatCheckpoint(withTimestamp));
    assert.deepEqual(verifyCheckpoint(note, ecdsa.publicKey, NAME), withTimestamp);
  });

  it('verifies a checkpoint published by rekor.sigstore.dev with its public key', () => {
    const rekorKey = createPublicKey(
      '-----BEGIN PUBLIC KEY-----\n' +
        'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwr\n' +
        'kBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==\n' +
        '-----END PUBLIC KEY-----\n',
    );
    const note =
      'rekor.sigstore.dev - 1193050959916656506\n266676745\n' +
      '3ZhLKI3mKUlpedQ9hiIMbJIjKr3vTc+ueViyxWqwQGA=\n\n' +
      '\u2014 rekor.sigstore.dev wNI9ajBEAiAE7ER4yd8Waq4ZzLQt9BIUyfAvbizhv5PCcxk5Glf28AIgWT6LH4VlkrI8VhZnqCPigxEVzdlwVQpuRo0OsISdPGs=\n';
    const origin = 'rekor.sigstore.dev - 1193050959916656506';
    const checkpoint = verifyCheckpoint(note, rekorKey, 'rekor.sigstore.dev', { origin });
    assert.equal(checkpoint.size, 266676745);
    assert.equal(
      Buffer.from(checkpoint.rootHash).toString('hex'),
      'dd984b288de629496979d43d86220c6c92232abdef4dcfae7958b2c56ab04060',
    );
    assert.throws(
      () =>
        verifyCheckpoint(note.replace('266676745', '266676746'), rekorKey, 'rekor.sigstore.dev'),
      failsWith('TLOG_CHECKPOINT_SIGNATURE_INVALID'),
    );
  });

  it('accepts a note that also carries a cosignature from an unknown key (C2SP)', () => {
    const note = signed(ecdsa);
    const witness = signed(otherEcdsa, BODY, 'witness.example');
    const cosigned = note + witness.slice(BODY.length + 1);
    assert.deepEqual(verifyCheckpoint(cosigned, ecdsa.publicKey, NAME), CHECKPOINT);
  });

  const rejected: [string, () => unknown, string, string][] = [
    [
      'a signature made with another key',
      () => verifyCheckpoint(signed(otherEcdsa), ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_UNSIGNED',
      'has no signature by 127.0.0.1:3000/',
    ],
    [
      'a signature made with another key that claims the trusted key hint',
      () =>
        verifyCheckpoint(
          signCheckpoint(
            BODY,
            checkpointSigner(otherEcdsa.privateKey),
            NAME,
            rekorKeyHint(ecdsa.publicKey),
          ),
          ecdsa.publicKey,
          NAME,
        ),
      'TLOG_CHECKPOINT_SIGNATURE_INVALID',
      'the signature by 127.0.0.1:3000 does not verify',
    ],
    [
      'an altered tree size',
      () => verifyCheckpoint(signed(ecdsa).replace('\n42\n', '\n43\n'), ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_SIGNATURE_INVALID',
      'at size 43',
    ],
    [
      'an altered root hash',
      () => {
        const note = signed(ecdsa);
        const root = Buffer.from(CHECKPOINT.rootHash).toString('base64');
        const altered = Buffer.from(CHECKPOINT.rootHash).fill(0, 0, 1).toString('base64');
        return verifyCheckpoint(note.replace(root, altered), ecdsa.publicKey, NAME);
      },
      'TLOG_CHECKPOINT_SIGNATURE_INVALID',
      'altered or forged',
    ],
    [
      'a note whose signature was removed',
      () => verifyCheckpoint(`${BODY}\n`, ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_MALFORMED',
      'no signature lines',
    ],
    [
      'a body without any signature section',
      () => verifyCheckpoint(BODY, ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_MALFORMED',
      'no blank line',
    ],
    [
      'a note signed under another name',
      () => verifyCheckpoint(signed(ecdsa, BODY, 'other.example'), ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_UNSIGNED',
      'it is signed by other.example/',
    ],
    [
      'an Ed25519 note whose hint follows the other rule',
      () =>
        verifyCheckpoint(signed(ed25519, BODY, NAME, 'rekor-v1'), ed25519.publicKey, NAME, {
          keyHintRule: 'c2sp',
        }),
      'TLOG_CHECKPOINT_UNSIGNED',
      '',
    ],
    [
      'a checkpoint of another log origin',
      () =>
        verifyCheckpoint(signed(ecdsa), ecdsa.publicKey, NAME, { origin: '127.0.0.1:3000 - 2' }),
      'TLOG_CHECKPOINT_ORIGIN_MISMATCH',
      'is for log "127.0.0.1:3000 - 1", expected "127.0.0.1:3000 - 2"',
    ],
    [
      'garbage',
      () => verifyCheckpoint('\u0000\u0001garbage', ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_MALFORMED',
      '',
    ],
    [
      'an oversized note',
      () => verifyCheckpoint(signed(ecdsa) + 'x'.repeat(MAX_NOTE_BYTES), ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_MALFORMED',
      'larger than',
    ],
    [
      'a note whose body is not a checkpoint',
      () =>
        verifyCheckpoint(signed(ecdsa).replace('\n42\n', '\nforty-two\n'), ecdsa.publicKey, NAME),
      'TLOG_CHECKPOINT_MALFORMED',
      'tree size line',
    ],
    [
      'a private key where the public key belongs',
      () => verifyCheckpoint(signed(ecdsa), ecdsa.privateKey, NAME),
      'TLOG_CHECKPOINT_KEY_UNSUPPORTED',
      'a public key is needed',
    ],
    [
      'a P-384 verification key',
      () =>
        verifyCheckpoint(
          signed(ecdsa),
          generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey,
          NAME,
        ),
      'TLOG_CHECKPOINT_KEY_UNSUPPORTED',
      'ec (secp384r1)',
    ],
  ];
  for (const [name, run, code, text] of rejected) {
    it(`rejects ${name}`, () => assert.throws(run, failsWith(code, text)));
  }
});
