import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSignetError } from '../core/errors.js';
import { formatProblem } from '../policy/index.js';
import { loadPolicyFiles } from './policy-loader.js';

const policy = (name: string, action = 'pass') =>
  `apiVersion: policy.signet.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: ${name}}\nspec:\n  images: [{glob: "a.example/**"}]\n  authorities: [{static: {action: ${action}}}]\n`;

describe('loading policy files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-policy-'));
    await mkdir(join(dir, 'set'));
    await mkdir(join(dir, 'trust'));
    await writeFile(join(dir, 'set', 'b.yaml'), `${policy('second')}---\n${policy('third')}`);
    await writeFile(join(dir, 'set', 'a.yml'), policy('first'));
    await writeFile(join(dir, 'set', 'notes.txt'), 'not a policy');
    await writeFile(
      join(dir, 'set', 'c.json'),
      JSON.stringify({
        apiVersion: 'policy.sigstore.dev/v1alpha1',
        kind: 'ClusterImagePolicy',
        metadata: { name: 'json' },
        spec: { images: [{ glob: '**' }], authorities: [{ static: { action: 'fail' } }] },
      }),
    );
    await writeFile(
      join(dir, 'trust', 'trust-root.yaml'),
      `apiVersion: policy.sigstore.dev/v1alpha1\nkind: TrustRoot\nmetadata: {name: private-sigstore}\nspec:\n  remote: {mirror: "https://tuf.example", root: ${Buffer.from('{"signatures":[]}').toString('base64')}}\n`,
    );
    await writeFile(join(dir, 'trust', 'policy.yaml'), policy('keyed'));
    await writeFile(join(dir, 'bad.yaml'), policy('bad', 'maybe').replace('images', 'imagez'));
    await writeFile(join(dir, 'empty.yaml'), '# nothing here\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the policy files of a folder in name order, each document of each file', async () => {
    const loaded = await loadPolicyFiles([join(dir, 'set')]);
    assert.deepEqual(
      loaded.documents.map((d) => d.name),
      ['first', 'second', 'third', 'json'],
    );
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(
      loaded.files.map((f) => f.slice(dir.length + 1)),
      ['set/a.yml', 'set/b.yaml', 'set/c.json'],
    );
  });

  it('reads TrustRoots kept beside the policies', async () => {
    const loaded = await loadPolicyFiles([join(dir, 'trust')]);
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(
      loaded.documents.map((d) => d.name),
      ['keyed'],
    );
    assert.deepEqual(
      loaded.trustRoots.map((t) => [t.name, t.spec.kind]),
      [['private-sigstore', 'remote']],
    );
  });

  it('collects the problems of every file with file, line and column', async () => {
    const loaded = await loadPolicyFiles([join(dir, 'bad.yaml'), join(dir, 'set')]);
    assert.deepEqual(
      loaded.problems.map((p) => formatProblem(p).slice(dir.length + 1)),
      [
        'bad.yaml:5:3: spec.imagez: unknown field; expected one of images, authorities, mode, match',
        'bad.yaml:5:3: spec.images: is required: list the image globs the policy covers',
        'bad.yaml:6:27: spec.authorities[0].static.action: "maybe" is not an action; use pass or fail',
      ],
    );
    assert.equal(loaded.documents.length, 4);
  });

  it('says so when the paths hold no policy', async () => {
    await assert.rejects(
      loadPolicyFiles([join(dir, 'empty.yaml')]),
      (e) => isSignetError(e) && e.code === 'POLICY_FILES_EMPTY',
    );
  });

  it('names a path that cannot be read', async () => {
    await assert.rejects(
      loadPolicyFiles([join(dir, 'missing.yaml')]),
      (e) =>
        isSignetError(e) &&
        e.code === 'POLICY_FILE_UNREADABLE' &&
        e.category === 'config' &&
        e.message.includes('missing.yaml'),
    );
  });
});
