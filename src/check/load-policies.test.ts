import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSecurityPolicies } from '../policy/security/index.js';
import { DEFAULT_POLICY_DIR, loadSecurityPolicies } from './load-policies.js';

describe('loading SecurityPolicy files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-check-policies-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('ships a valid default set with the policies the documentation lists', async () => {
    const loaded = await loadSecurityPolicies([]);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(loaded.documents.map((d) => d.name).sort(), [
      'Fixable severity at least Important',
      'Latest tag',
      'Provenance from a trusted builder',
      'SBOM attached',
      'Trusted signature',
    ]);
    assert.ok(DEFAULT_POLICY_DIR.endsWith('/deploy/security-policies/'));
    const enforcedAtBuild = loaded.documents
      .filter((d) => d.enforcement.build === 'enforce')
      .map((d) => d.name);
    assert.deepEqual(enforcedAtBuild.sort(), [
      'Fixable severity at least Important',
      'Trusted signature',
    ]);
    assert.equal(compileSecurityPolicies(loaded.documents).policies.length, 5);
  });

  it('reads the YAML files of a folder in name order and skips other files', async () => {
    const folder = join(dir, 'set');
    await mkdir(folder);
    const doc = (name: string) =>
      `apiVersion: signet.dev/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: ${name}}\nspec: {name: ${name}, description: d, remediation: r, severity: low, lifecycleStages: [build], criteria: {image: {latestTag: true}}}\n`;
    await writeFile(join(folder, 'b.yaml'), doc('b'));
    await writeFile(join(folder, 'a.yml'), doc('a'));
    await writeFile(join(folder, 'notes.txt'), 'not a policy');
    await writeFile(join(folder, '.hidden.yaml'), 'broken: [');
    const loaded = await loadSecurityPolicies([folder]);
    assert.deepEqual(
      loaded.documents.map((d) => d.id),
      ['a', 'b'],
    );
  });

  it('names a missing path, and a folder without policies', async () => {
    await assert.rejects(
      loadSecurityPolicies([join(dir, 'missing.yaml')]),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'CHECK_POLICY_UNREADABLE');
        assert.match(error.message, /cannot read policy .*missing\.yaml/);
        return true;
      },
    );
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await assert.rejects(loadSecurityPolicies([empty]), /no SecurityPolicy document found in/);
  });

  it('collects the problems of every file', async () => {
    await writeFile(
      join(dir, 'bad1.yaml'),
      'apiVersion: signet.dev/v1alpha1\nkind: SecurityPolicy\n',
    );
    await writeFile(join(dir, 'bad2.yaml'), 'a: [');
    const loaded = await loadSecurityPolicies([join(dir, 'bad1.yaml'), join(dir, 'bad2.yaml')]);
    const sources = new Set(loaded.problems.map((p) => p.source.split('/').at(-1)));
    assert.deepEqual([...sources].sort(), ['bad1.yaml', 'bad2.yaml']);
  });
});
