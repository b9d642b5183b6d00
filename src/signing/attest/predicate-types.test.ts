import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PREDICATE_BYTES, predicateFromFile, predicateTypeUri } from './predicate-types.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const NOW = new Date('2026-01-02T03:04:05.678Z');

describe("cosign's predicate types", () => {
  it('maps every cosign name to the URI cosign writes', () => {
    assert.equal(predicateTypeUri('custom'), 'https://cosign.sigstore.dev/attestation/v1');
    assert.equal(predicateTypeUri('slsaprovenance'), 'https://slsa.dev/provenance/v0.2');
    assert.equal(predicateTypeUri('slsaprovenance02'), 'https://slsa.dev/provenance/v0.2');
    assert.equal(predicateTypeUri('slsaprovenance1'), 'https://slsa.dev/provenance/v1');
    assert.equal(predicateTypeUri('spdx'), 'https://spdx.dev/Document');
    assert.equal(predicateTypeUri('spdxjson'), 'https://spdx.dev/Document');
    assert.equal(predicateTypeUri('cyclonedx'), 'https://cyclonedx.org/bom');
    assert.equal(predicateTypeUri('link'), 'https://in-toto.io/Link/v1');
    assert.equal(predicateTypeUri('vuln'), 'https://cosign.sigstore.dev/attestation/vuln/v1');
    assert.equal(predicateTypeUri('openvex'), 'https://openvex.dev/ns');
  });

  it('takes any URI as it is, and refuses other words', () => {
    assert.equal(predicateTypeUri('https://example.com/p/v1'), 'https://example.com/p/v1');
    assert.throws(() => predicateTypeUri('toString'), /PREDICATE_TYPE_UNKNOWN|neither a URI/);
    assert.throws(() => predicateTypeUri('sbom'), /--type "sbom" is neither a URI/);
  });

  it('wraps a custom predicate as {Data, Timestamp}, as cosign does', () => {
    assert.deepEqual(predicateFromFile('custom', bytes('any text'), 'p.txt', NOW), {
      Data: 'any text',
      Timestamp: '2026-01-02T03:04:05Z',
    });
  });

  it('keeps SPDX tag-value text a string and parses the JSON types', () => {
    assert.equal(
      predicateFromFile('spdx', bytes('SPDXVersion: SPDX-2.3'), 'p'),
      'SPDXVersion: SPDX-2.3',
    );
    assert.deepEqual(predicateFromFile('spdxjson', bytes('{"spdxVersion":"SPDX-2.3"}'), 'p'), {
      spdxVersion: 'SPDX-2.3',
    });
  });

  const refused: [string, string, Uint8Array, RegExp][] = [
    [
      'refuses text that is not JSON for a JSON type',
      'cyclonedx',
      bytes('<bom/>'),
      /p\.xml is not JSON, which --type cyclonedx needs/,
    ],
    [
      'refuses a JSON value that is not an object',
      'vuln',
      bytes('"x"'),
      /p\.xml: a vuln predicate must be a JSON object/,
    ],
    [
      'refuses bytes that are not UTF-8',
      'custom',
      new Uint8Array([0xff, 0xfe]),
      /p\.xml is not UTF-8 text/,
    ],
    [
      'refuses a predicate over the size limit',
      'custom',
      new Uint8Array(MAX_PREDICATE_BYTES + 1),
      /over the limit of 8388608/,
    ],
    [
      'refuses SLSA v1 provenance that breaks the schema, naming the field',
      'slsaprovenance1',
      bytes(
        '{"buildDefinition":{"buildType":"https://b.example","externalParameters":{}},"runDetails":{"builder":{"id":7}}}',
      ),
      /p\.xml: predicate\.runDetails\.builder\.id is required and must be a non-empty URI$/,
    ],
  ];
  for (const [name, type, input, message] of refused) {
    it(name, () => {
      assert.throws(
        () => predicateFromFile(type, input, 'p.xml'),
        (error: Error & { code?: string }) =>
          error.code === 'PREDICATE_INVALID' && message.test(error.message),
      );
    });
  }
});
