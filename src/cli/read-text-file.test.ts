import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSignetError } from '../core/errors.js';
import { MAX_CLI_TEXT_FILE_BYTES, readTextFile } from './read-text-file.js';

describe('reading files named on the command line', () => {
  it('reads a file, and names a missing or oversized one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'signet-read-'));
    try {
      await writeFile(join(dir, 'key.pem'), 'PEM');
      assert.equal(await readTextFile(join(dir, 'key.pem')), 'PEM');
      const isUnreadable = (name: string) => (e: unknown) =>
        isSignetError(e) && e.code === 'CLI_FILE_UNREADABLE' && e.message.includes(name);
      await assert.rejects(
        readTextFile(join(dir, 'missing.pem'), { what: 'keyring' }),
        isUnreadable(`the keyring ${join(dir, 'missing.pem')}: it does not exist`),
      );
      await writeFile(join(dir, 'huge'), '');
      await truncate(join(dir, 'huge'), MAX_CLI_TEXT_FILE_BYTES + 1);
      await assert.rejects(readTextFile(join(dir, 'huge')), isUnreadable('over the'));
      await assert.rejects(readTextFile(dir), isUnreadable('it is a folder, not a file'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
