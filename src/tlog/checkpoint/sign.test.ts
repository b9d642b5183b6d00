import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { isSignetError } from '../../core/errors.js';
import { formatCheckpoint } from './body.js';
import { rekorKeyHint } from './key-hint.js';
import { checkpointSigner, signCheckpoint } from './sign.js';

const NAME = 'log.example';
const BODY = formatCheckpoint({
  origin: 'log.example - 7',
  size: 3,
  rootHash: new Uint8Array(32).fill(7),
  otherContent: [],
});
const ecdsa = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const failsWith = (code: string, text: string) => (e: unknown) =>
  isSignetError(e) && e.code === code && e.message.includes(text);

describe('signCheckpoint', () => {
  it('signs exactly the body bytes, without the blank separator line', () => {
    const note = signCheckpoint(
      BODY,
      checkpointSigner(ecdsa.privateKey),
      NAME,
      rekorKeyHint(ecdsa.publicKey),
    );
    assert.ok(note.startsWith(`${BODY}\n\u2014 ${NAME} `));
    const bytes = Buffer.from(
      note
        .slice(BODY.length + 1)
        .trimEnd()
        .split(' ')[2]!,
      'base64',
    );
    const signature = bytes.subarray(4);
    assert.ok(
      verify('sha256', Buffer.from(BODY), { key: ecdsa.publicKey, dsaEncoding: 'der' }, signature),
    );
  });

  it('passes the body bytes to a custom signer, as a KMS-backed log would', () => {
    let seen = '';
    signCheckpoint(
      BODY,
      (data) => {
        seen = Buffer.from(data).toString('utf8');
        return Uint8Array.of(1, 2, 3);
      },
      NAME,
      new Uint8Array(4),
    );
    assert.equal(seen, BODY);
  });

  const rejected: [string, () => unknown, string, string][] = [
    [
      'a key name with a space',
      () =>
        signCheckpoint(BODY, checkpointSigner(ecdsa.privateKey), 'two words', new Uint8Array(4)),
      'TLOG_CHECKPOINT_INPUT_INVALID',
      'key name "two words"',
    ],
    [
      'a 3-byte key hint',
      () => signCheckpoint(BODY, checkpointSigner(ecdsa.privateKey), NAME, new Uint8Array(3)),
      'TLOG_CHECKPOINT_INPUT_INVALID',
      'key hint has 3 bytes',
    ],
    [
      'a body that is not a checkpoint',
      () => signCheckpoint('hello\n', checkpointSigner(ecdsa.privateKey), NAME, new Uint8Array(4)),
      'TLOG_CHECKPOINT_INPUT_INVALID',
      'has 1 lines',
    ],
    [
      'a signer that returns nothing',
      () => signCheckpoint(BODY, () => new Uint8Array(), NAME, new Uint8Array(4)),
      'TLOG_CHECKPOINT_INPUT_INVALID',
      'empty signature',
    ],
    [
      'a public key as signing key',
      () => signCheckpoint(BODY, checkpointSigner(ecdsa.publicKey), NAME, new Uint8Array(4)),
      'TLOG_CHECKPOINT_KEY_UNSUPPORTED',
      'a private key is needed',
    ],
  ];
  for (const [name, run, code, text] of rejected) {
    it(`refuses to sign with ${name}`, () => assert.throws(run, failsWith(code, text)));
  }
});
