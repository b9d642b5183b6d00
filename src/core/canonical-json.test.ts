import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts members, drops whitespace and keeps array order', () => {
    assert.equal(
      canonicalJson({ b: [3, 1, { z: 1, a: 2 }], a: 'x', c: null }),
      '{"a":"x","b":[3,1,{"a":2,"z":1}],"c":null}',
    );
  });

  it('writes the Rekor SET input the way Rekor signs it', () => {
    const entry = {
      logIndex: 11605770,
      body: 'Ym9keQ==',
      logID: 'c0d2',
      integratedTime: 1674247893,
    };
    assert.equal(
      canonicalJson(entry),
      '{"body":"Ym9keQ==","integratedTime":1674247893,"logID":"c0d2","logIndex":11605770}',
    );
  });

  it('matches the RFC 8785 number and string examples', () => {
    assert.equal(
      canonicalJson([1e21, 1e-7, -0, 0.000001, Number('333333333.33333329'), 4.5]),
      '[1e+21,1e-7,0,0.000001,333333333.3333333,4.5]',
    );
    assert.equal(canonicalJson('\u20ac$\u000f\nA\'B"\\\\"/'), '"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"');
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalJson(value)) as object);
    assert.deepEqual(keys, ['1', '\r', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    const text = canonicalJson(value);
    assert.ok(
      text.indexOf('\ud83d\ude00') < text.indexOf('\ufb33'),
      'surrogate pair sorts before U+FB33',
    );
  });

  it('leaves out undefined members and encodes UTF-8 bytes', () => {
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
    assert.deepEqual(canonicalJsonBytes({ k: 'é' }), new TextEncoder().encode('{"k":"é"}'));
  });

  const bad: [string, unknown][] = [
    ['NaN', { n: NaN }],
    ['Infinity', [Infinity]],
    ['a lone surrogate', { s: '\ud800' }],
    ['a bigint', { n: 1n }],
    ['a function', { f: () => 1 }],
    ['a Date', { d: new Date(0) }],
    ['a Map', new Map()],
  ];
  for (const [name, value] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(() => canonicalJson(value), { code: 'JSON_NOT_CANONICALIZABLE' });
    });
  }

  it('rejects nesting deeper than its bound', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i += 1) deep = [deep];
    assert.throws(() => canonicalJson(deep), {
      code: 'JSON_NOT_CANONICALIZABLE',
      message: /deeper/,
    });
  });
});
