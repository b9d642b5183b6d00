// The ustar writer's archives must read back with GNU tar exactly as written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeTar } from './tar-writer.js';

async function withArchive<T>(archive: Uint8Array, use: (path: string) => T): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'signet-tar-'));
  try {
    const path = join(directory, 'layer.tar');
    await writeFile(path, archive);
    return use(path);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('writeTar', () => {
  it('writes an archive GNU tar lists and extracts byte for byte', async () => {
    const content = randomBytes(1500);
    const archive = writeTar([
      { name: 'dir/', mtime: 1_700_000_000 },
      { name: 'dir/file.bin', content, mtime: 1_700_000_000 },
      { name: 'empty', content: new Uint8Array(0), mtime: 0, mode: 0o600 },
    ]);
    assert.equal(archive.byteLength % 512, 0);
    await withArchive(archive, (path) => {
      const listing = execFileSync('tar', ['-tvf', path], { encoding: 'utf8' }).trim().split('\n');
      assert.equal(listing.length, 3);
      assert.match(listing[0]!, /^drwxr-xr-x root\/root\s+0 .* dir\/$/);
      assert.match(listing[1]!, /^-rw-r--r-- root\/root\s+1500 .* dir\/file\.bin$/);
      assert.match(listing[2]!, /^-rw------- root\/root\s+0 .* empty$/);
      const extracted = execFileSync('tar', ['-xOf', path, 'dir/file.bin']);
      assert.deepEqual(extracted, content);
    });
  });

  it('refuses names that are absolute, climb out, or exceed 100 bytes', () => {
    for (const name of ['/etc/passwd', '../x', 'a/../../x', 'n'.repeat(101), '']) {
      assert.throws(
        () => writeTar([{ name, content: new Uint8Array(1), mtime: 0 }]),
        { code: 'BUILD_OPTIONS_INVALID' },
        name,
      );
    }
  });
});
