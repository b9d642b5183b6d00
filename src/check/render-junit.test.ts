import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '../testing/check-reports.js';
import { parseWellFormedXml } from '../testing/xml-well-formed.js';
import { renderCheckJunit, xmlText } from './render-junit.js';

describe('the JUnit report', () => {
  const xml = renderCheckJunit(sampleReport());
  const root = parseWellFormedXml(xml);

  it('is well-formed XML with one suite per image and one case per evaluated policy', () => {
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(root.attributes, {
      name: 'signet check',
      tests: '7',
      failures: '1',
      errors: '1',
      timestamp: '2026-12-06T10:00:00.000Z',
    });
    assert.deepEqual(
      root.children.map((s) => [s.attributes.name, s.children.length]),
      [
        ['registry.example/app:1.0', 3],
        ['registry.example/clean:1.0', 3],
        ['registry.example/down:1.0', 1],
      ],
    );
  });

  it('fails enforced violations, passes inform-only ones with the violation as output', () => {
    const cases = root.children[0]!.children;
    const signature = cases.find((c) => c.attributes.name === 'Trusted signature')!;
    assert.equal(signature.children[0]!.name, 'failure');
    assert.equal(signature.children[0]!.attributes.type, 'high');
    assert.match(signature.children[0]!.text, /Remediation: Sign the image in CI/);
    const sbom = cases.find((c) => c.attributes.name === 'SBOM attached')!;
    assert.equal(sbom.children[0]!.name, 'system-out');
    assert.match(sbom.children[0]!.text, /^inform only/);
    assert.deepEqual(cases.find((c) => c.attributes.name === 'Latest tag')!.children, []);
  });

  it('reports an image that could not be evaluated as an error case', () => {
    const down = root.children[2]!.children[0]!;
    assert.equal(down.attributes.name, 'evaluation');
    assert.equal(down.children[0]!.name, 'error');
    assert.match(down.children[0]!.attributes.message!, /registry unavailable/);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    assert.equal(xmlText(`a<b>&"c'\u0000\u001b`), 'a&lt;b&gt;&amp;&quot;c&apos;');
    assert.match(xml, /no signature matches authority &quot;ci&quot;/);
  });

  it('is checked by a parser that refuses malformed XML', () => {
    assert.throws(() => parseWellFormedXml('<a><b></a>'), /closes/);
    assert.throws(() => parseWellFormedXml('<a x="1" x="2"/>'), /twice/);
    assert.throws(() => parseWellFormedXml('<a>&nbsp;</a>'), /entity/);
    assert.throws(() => parseWellFormedXml('<a>'), /never closed/);
  });
});
