import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { compilePolicies } from './compile.js';
import { parsePolicyYaml } from './parse-documents.js';

const policy = (name: string, action = 'pass', glob = 'a.example/**') =>
  `apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: ${name}}\nspec:\n  images: [{glob: "${glob}"}]\n  authorities: [{static: {action: ${action}}}]\n`;

const docs = (text: string, source = 'p.yaml') => parsePolicyYaml(text, source).documents;

describe('compiling a policy set', () => {
  it('derives the revision from content, not from where the policies came from', () => {
    const a = compilePolicies(docs(policy('x'), 'one.yaml'));
    const b = compilePolicies(docs(`# comment\n${policy('x')}`, 'two.yaml'));
    assert.match(a.revision, /^sha256:[0-9a-f]{64}$/);
    assert.equal(a.revision, b.revision);
  });

  it('changes the revision when anything that decides changes', () => {
    const base = compilePolicies(docs(policy('x'))).revision;
    assert.notEqual(compilePolicies(docs(policy('x', 'fail'))).revision, base);
    assert.notEqual(compilePolicies(docs(policy('x', 'pass', 'b.example/**'))).revision, base);
    assert.notEqual(compilePolicies(docs(policy('x')), { noMatch: 'allow' }).revision, base);
  });

  it('denies unmatched images by default', () => {
    assert.equal(compilePolicies([]).noMatch, 'deny');
  });

  it('refuses two policies with the same name, naming both places', () => {
    const twice = [...docs(policy('x'), 'one.yaml'), ...docs(policy('x'), 'two.yaml')];
    assert.throws(
      () => compilePolicies(twice),
      (error) =>
        isSignetError(error) &&
        error.code === 'POLICY_DUPLICATE_NAME' &&
        error.message ===
          'policy "x" is defined twice (one.yaml:1 and two.yaml:1); policy names must be unique',
    );
  });
});
