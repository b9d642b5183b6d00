import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sbomMediaType } from './sbom-referrer.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const invalid = (e: Error & { code?: string }) => e.code === 'SBOM_DOCUMENT_INVALID';

describe('SBOM media types', () => {
  it('names CycloneDX and SPDX documents in JSON and their other encodings', () => {
    const cases: [string, 'cyclonedx' | 'spdx', string][] = [
      [
        '{"bomFormat":"CycloneDX","specVersion":"1.5"}',
        'cyclonedx',
        'application/vnd.cyclonedx+json',
      ],
      ['\uFEFF{"bomFormat":"CycloneDX"}', 'cyclonedx', 'application/vnd.cyclonedx+json'],
      [
        '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>',
        'cyclonedx',
        'application/vnd.cyclonedx+xml',
      ],
      ['{"spdxVersion":"SPDX-2.3"}', 'spdx', 'application/spdx+json'],
      ['SPDXVersion: SPDX-2.3\n', 'spdx', 'text/spdx'],
    ];
    for (const [text, type, mediaType] of cases)
      assert.equal(sbomMediaType(bytes(text), type, 'sbom'), mediaType);
  });

  it('refuses a document of the other type, not JSON, or deeper than the JSON bounds', () => {
    assert.throws(
      () => sbomMediaType(bytes('{"spdxVersion":"SPDX-2.3"}'), 'cyclonedx', 'a'),
      invalid,
    );
    assert.throws(() => sbomMediaType(bytes('{"bomFormat":"CycloneDX"}'), 'spdx', 'a'), invalid);
    assert.throws(() => sbomMediaType(bytes('null'), 'spdx', 'a'), invalid);
    assert.throws(() => sbomMediaType(bytes('{"bomFormat":'), 'cyclonedx', 'a'), invalid);
    assert.throws(() => sbomMediaType(bytes('<bom/>'), 'cyclonedx', 'a'), invalid);
    assert.throws(
      () => sbomMediaType(bytes(`${'['.repeat(100)}${']'.repeat(100)}`), 'cyclonedx', 'a'),
      invalid,
    );
  });
});
