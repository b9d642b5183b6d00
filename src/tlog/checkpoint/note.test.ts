import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import {
  MAX_NOTE_BYTES,
  MAX_NOTE_SIGNATURES,
  formatSignatureLine,
  isValidKeyName,
  parseSignedNote,
} from './note.js';

const TEXT = 'example.com/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
const line = (name: string, bytes: number[]) =>
  formatSignatureLine({
    name,
    keyHint: Uint8Array.from(bytes.slice(0, 4)),
    signature: Uint8Array.from(bytes.slice(4)),
  });
const SIGNATURE = line('example.com/log', [1, 2, 3, 4, 9, 9, 9]);

describe('parseSignedNote', () => {
  it('splits the signed text from its signature lines at the blank line', () => {
    const note = `${TEXT}\n${SIGNATURE}${line('witness.example', [5, 6, 7, 8, 1])}`;
    const parsed = parseSignedNote(note);
    assert.equal(parsed.text, TEXT);
    assert.deepEqual(
      parsed.signatures.map((s) => [s.name, [...s.keyHint], [...s.signature]]),
      [
        ['example.com/log', [1, 2, 3, 4], [9, 9, 9]],
        ['witness.example', [5, 6, 7, 8], [1]],
      ],
    );
  });

  it('writes signature lines with an em dash, the name and base64 of hint and signature', () => {
    assert.equal(SIGNATURE, '\u2014 example.com/log AQIDBAkJCQ==\n');
  });

  it('keeps empty lines inside the text, splitting at the last blank line (C2SP)', () => {
    const parsed = parseSignedNote(`a\n\nb\n\n${SIGNATURE}`);
    assert.equal(parsed.text, 'a\n\nb\n');
  });

  it(`accepts ${MAX_NOTE_SIGNATURES} signatures`, () => {
    const note = `${TEXT}\n${SIGNATURE.repeat(MAX_NOTE_SIGNATURES)}`;
    assert.equal(parseSignedNote(note).signatures.length, MAX_NOTE_SIGNATURES);
  });

  const rejected: [string, string, string][] = [
    ['an oversized note', `${TEXT}\n${SIGNATURE}`.padEnd(MAX_NOTE_BYTES + 1, 'x'), 'larger than'],
    [
      'a note without final newline',
      `${TEXT}\n${SIGNATURE.trimEnd()}`,
      'does not end with a newline',
    ],
    ['a note without blank line', `${TEXT}${SIGNATURE}`, 'no blank line'],
    ['a note without signatures', `${TEXT}\n`, 'no signature lines'],
    [
      'too many signatures',
      `${TEXT}\n${SIGNATURE.repeat(MAX_NOTE_SIGNATURES + 1)}`,
      `more than ${MAX_NOTE_SIGNATURES}`,
    ],
    ['a hyphen instead of the em dash', `${TEXT}\n- example.com/log AQIDBAkJCQ==\n`, 'em dash'],
    ['a key name with "+"', `${TEXT}\n\u2014 a+b AQIDBAkJCQ==\n`, 'invalid key name'],
    [
      'a key name with a no-break space',
      `${TEXT}\n\u2014 a\u00a0b AQIDBAkJCQ==\n`,
      'invalid key name',
    ],
    ['a third field', `${TEXT}\n\u2014 log AQIDBAkJCQ== extra\n`, 'is not "— <name> <signature>"'],
    ['two spaces after the name', `${TEXT}\n\u2014 log  AQIDBAkJCQ==\n`, 'is not "— <name>'],
    ['base64 with a stray character', `${TEXT}\n\u2014 log AQIDBA*kJCQ==\n`, 'canonical base64'],
    ['base64 without padding', `${TEXT}\n\u2014 log AQIDBAkJCQ\n`, 'canonical base64'],
    ['base64 with non-zero padding bits', `${TEXT}\n\u2014 log AQIDBAkJCR==\n`, 'canonical base64'],
    ['a key hint without signature', `${TEXT}\n\u2014 log AQIDBA==\n`, 'too short'],
    ['a blank line after the signatures', `${TEXT}\n${SIGNATURE}\n`, 'no signature lines'],
    ['a carriage return', `${TEXT}\n${SIGNATURE.replace('\n', '\r\n')}`, 'control characters'],
    ['a NUL byte in the text', `a\u0000\n\n${SIGNATURE}`, 'control characters'],
    ['a lone surrogate', `a\ud800\n\n${SIGNATURE}`, 'not valid UTF-8'],
    ['random garbage', 'not a note at all', 'does not end with a newline'],
  ];
  for (const [name, note, problem] of rejected) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parseSignedNote(note),
        (e: unknown) =>
          isSignetError(e) &&
          e.code === 'TLOG_CHECKPOINT_MALFORMED' &&
          e.category === 'verification' &&
          e.message.includes(problem),
      );
    });
  }
});

describe('isValidKeyName', () => {
  const cases: [string, boolean][] = [
    ['rekor.sigstore.dev', true],
    ['127.0.0.1:3000', true],
    ['', false],
    ['two words', false],
    ['a+b', false],
    ['tab\tname', false],
  ];
  for (const [name, valid] of cases) {
    it(`${valid ? 'accepts' : 'rejects'} key name ${JSON.stringify(name)}`, () => {
      assert.equal(isValidKeyName(name), valid);
    });
  }
});
