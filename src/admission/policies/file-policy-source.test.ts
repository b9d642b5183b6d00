import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createCertificateAuthority } from '../../core/x509/index.js';
import type { CompiledPolicySet } from '../../policy/index.js';
import { FilePolicySource, readClusterImagePolicyFiles } from './file-policy-source.js';
import { PolicyReloader } from './policy-reloader.js';
import { waitFor } from '../../testing/wait-until.js';

const logger = pino({ level: 'silent' });

const policy = (name: string, glob: string) => `apiVersion: policy.signet.dev/v1beta1
kind: ClusterImagePolicy
metadata: { name: ${name} }
spec:
  images: [{ glob: "${glob}" }]
  authorities: [{ static: { action: pass } }]
`;

describe('policy files reloaded when they change', () => {
  let dir: string;
  let source: FilePolicySource;
  let changes = 0;
  const globs = () => source.snapshot().documents.map((d) => `${d.name} ${d.images.join(',')}`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-policy-files-'));
    await writeFile(join(dir, 'a.yaml'), policy('alpha', 'registry.example/a/**'));
    const paths = [dir];
    source = new FilePolicySource({
      paths,
      initial: await readClusterImagePolicyFiles(paths),
      logger,
      debounceMs: 50,
    });
    source.start(() => (changes += 1));
  });
  after(async () => {
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts synced with the files loaded at start', () => {
    assert.deepEqual(globs(), ['alpha registry.example/a/**']);
    assert.equal(source.status().synced, true);
  });

  it('picks up an edited and an added file without a restart', async () => {
    await writeFile(join(dir, 'a.yaml'), policy('alpha', 'registry.example/changed/**'));
    await writeFile(join(dir, 'b.yaml'), policy('beta', 'registry.example/b/**'));
    await waitFor(
      'both changes are seen',
      () => globs().length === 2 && globs()[0]!.includes('changed'),
    );
    assert.ok(changes > 0);
  });

  it('refuses a change with errors whole, keeps the previous policies and reports why', async () => {
    await writeFile(
      join(dir, 'b.yaml'),
      policy('beta', 'registry.example/b/**').replace(
        'static: { action: pass }',
        'keyless: {}, static: { action: pass }',
      ),
    );
    await waitFor('the refusal is reported', () => source.status().lastError !== undefined);
    assert.deepEqual(globs(), ['alpha registry.example/changed/**', 'beta registry.example/b/**']);
    assert.match(source.status().lastError!, /reload refused: the policy files have errors/);
    assert.match(source.status().problems.join('\n'), /b\.yaml:\d+:\d+: spec\.authorities\[0\]/);
    await writeFile(join(dir, 'b.yaml'), policy('beta', 'registry.example/fixed/**'));
    await waitFor('the fix is applied', () => source.status().lastError === undefined);
    assert.deepEqual(globs()[1], 'beta registry.example/fixed/**');
  });

  it('refuses a reload that finds no policy at all', async () => {
    await rm(join(dir, 'a.yaml'));
    await rm(join(dir, 'b.yaml'));
    await waitFor('the refusal is reported', () => source.status().lastError !== undefined);
    assert.match(source.status().lastError!, /no ClusterImagePolicy document found/);
    assert.equal(globs().length, 2);
  });
});

describe('TrustRoots beside policy files', () => {
  let dir: string;
  let source: FilePolicySource;
  let reloader: PolicyReloader;
  const applied: CompiledPolicySet[] = [];
  const trustRoot = async (name: string) => {
    const validity = {
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    };
    const ca = await createCertificateAuthority(`${name} fulcio`, validity);
    return `apiVersion: policy.sigstore.dev/v1alpha1
kind: TrustRoot
metadata: { name: ${name} }
spec:
  sigstoreKeys:
    certificateAuthorities:
    - subject: { organization: o, commonName: c }
      uri: https://fulcio.example
      certChain: ${Buffer.from(ca.certificatePem).toString('base64')}
`;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-trust-roots-'));
    await writeFile(join(dir, 'a.yaml'), policy('alpha', 'registry.example/a/**'));
    await writeFile(join(dir, 'root.yaml'), await trustRoot('corp'));
    const paths = [dir];
    source = new FilePolicySource({
      paths,
      initial: await readClusterImagePolicyFiles(paths),
      logger,
      debounceMs: 50,
    });
    reloader = new PolicyReloader({ sources: [source], noMatch: 'deny', logger });
    reloader.start({ policies: (set) => applied.push(set), securityPolicies: () => {} });
  });
  after(async () => {
    await reloader.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands the TrustRoots to the compiled set, so trustRootRef finds them', () => {
    assert.deepEqual(
      source.snapshot().trustRoots?.map((t) => t.name),
      ['corp'],
    );
    assert.deepEqual([...applied.at(-1)!.trustRoots.keys()], ['corp']);
  });

  it('applies a new revision when a TrustRoot changes, without a restart', async () => {
    const before = applied.at(-1)!.revision;
    await writeFile(join(dir, 'root.yaml'), await trustRoot('corp'));
    await waitFor('the changed TrustRoot is applied', () => applied.at(-1)!.revision !== before);
    await writeFile(join(dir, 'root2.yaml'), await trustRoot('lab'));
    await waitFor('the added TrustRoot is applied', () => applied.at(-1)!.trustRoots.has('lab'));
  });
});
