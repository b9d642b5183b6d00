import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CborMap, CborTagged, decodeCbor, encodeCbor } from './cbor.js';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('CBOR', () => {
  it('encodes integers, strings and containers as RFC 8949 appendix A shows', () => {
    assert.equal(Buffer.from(encodeCbor(0)).toString('hex'), '00');
    assert.equal(Buffer.from(encodeCbor(24)).toString('hex'), '1818');
    assert.equal(Buffer.from(encodeCbor(1000)).toString('hex'), '1903e8');
    assert.equal(Buffer.from(encodeCbor(1000000)).toString('hex'), '1a000f4240');
    assert.equal(Buffer.from(encodeCbor(-37)).toString('hex'), '3824');
    assert.equal(Buffer.from(encodeCbor('a')).toString('hex'), '6161');
    assert.equal(Buffer.from(encodeCbor([1, [2, 3]])).toString('hex'), '8201820203');
    assert.equal(
      Buffer.from(encodeCbor(new CborTagged(1, 1363896240))).toString('hex'),
      'c11a514b67b0',
    );
  });

  it('round-trips a COSE-like structure', () => {
    const value = new CborTagged(18, [
      new CborMap([
        [1, -7],
        ['io.cncf.notary.signingScheme', 'notary.x509'],
      ]),
      new CborMap([[33, [hex('3082')]]]),
      hex('7b7d'),
      hex('00ff'),
    ]);
    const decoded = decodeCbor(encodeCbor(value), 'test') as CborTagged;
    assert.equal(decoded.tag, 18);
    const [protectedMap, unprotected, payload] = decoded.value as [CborMap, CborMap, Uint8Array];
    assert.equal(protectedMap.get(1), -7);
    assert.equal(protectedMap.get('io.cncf.notary.signingScheme'), 'notary.x509');
    assert.deepEqual(unprotected.get(33), [hex('3082')]);
    assert.deepEqual(payload, hex('7b7d'));
  });

  const bad: [string, string, RegExp][] = [
    ['truncated byte string', '4501', /truncated/],
    ['indefinite-length array', '9f01ff', /indefinite/],
    ['float', 'f93c00', /floats/],
    ['trailing bytes', '0000', /trailing/],
    ['duplicate map key', 'a201010102', /duplicate/],
    ['array key in a map', 'a18001', /keys/],
    ['invalid UTF-8 text', '62c328', /UTF-8/],
    ['huge declared array', '9b00000000ffffffff', /limit/],
    ['integer beyond 2^53', '1bffffffffffffffff', /2\^53/],
  ];
  for (const [name, input, message] of bad) {
    it(`refuses ${name} with a typed error`, () => {
      assert.throws(
        () => decodeCbor(hex(input), 'the envelope'),
        (e: Error & { code?: string }) =>
          e.code === 'NOTATION_ENVELOPE_INVALID' && message.test(e.message),
      );
    });
  }

  it('refuses nesting beyond the depth bound', () => {
    const deep = hex('81'.repeat(40) + '00');
    assert.throws(() => decodeCbor(deep, 'x'), /nested deeper/);
  });
});
