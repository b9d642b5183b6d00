import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSignetError } from '../../core/errors.js';
import { parseReference } from '../../oci/reference/index.js';
import { builtinLookasideBase, loadRegistriesD, lookasideBaseFor } from './registries-d-files.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-registries-d-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('registries.d folder', () => {
  it('merges the .yaml files and ignores .yml and other files, as containers/image', async () => {
    await writeFile(join(dir, 'a.yaml'), 'docker:\n  quay.io:\n    lookaside: https://a\n');
    await writeFile(join(dir, 'b.yaml'), 'default-docker:\n  lookaside: https://b\n');
    await writeFile(join(dir, 'c.yml'), 'default-docker:\n  lookaside: https://ignored\n');
    await writeFile(join(dir, 'README'), 'not yaml: [');
    const config = await loadRegistriesD(dir);
    assert.equal(lookasideBaseFor(config, parseReference('quay.io/x:1'), 'read'), 'https://a');
    assert.equal(lookasideBaseFor(config, parseReference('ghcr.io/x:1'), 'read'), 'https://b');
  });

  it('treats a missing folder as no configuration, falling back to the built-in store', async () => {
    const config = await loadRegistriesD(join(dir, 'absent'));
    assert.equal(
      lookasideBaseFor(config, parseReference('quay.io/x:1'), 'read'),
      builtinLookasideBase(),
    );
    assert.match(builtinLookasideBase(), /^file:\/\/.*containers\/sigstore$/);
  });

  it('names the file of a parse error', async () => {
    const bad = await mkdtemp(join(dir, 'bad-'));
    await writeFile(join(bad, 'x.yaml'), 'docker: [');
    await assert.rejects(
      loadRegistriesD(bad),
      (e: unknown) =>
        isSignetError(e) &&
        e.code === 'LOOKASIDE_CONFIG_INVALID' &&
        e.message.includes(join(bad, 'x.yaml')),
    );
  });
});
