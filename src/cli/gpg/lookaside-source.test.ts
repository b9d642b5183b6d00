import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSignetError } from '../../core/errors.js';
import { parseReference } from '../../oci/reference/index.js';
import { lookasideSource } from './lookaside-source.js';

const image = parseReference('quay.io/team/app:1');

describe('lookaside source of the GPG commands', () => {
  it('uses a folder given with --lookaside as a file:// store for every image', async () => {
    const source = await lookasideSource({ lookaside: 'sigs' });
    assert.equal(source.baseFor(image, 'write'), pathToFileURL(resolve('sigs')).href);
  });

  it('uses a URL given with --lookaside as is', async () => {
    const source = await lookasideSource({ lookaside: 'https://sigs.example/x' });
    assert.equal(source.baseFor(image, 'read'), 'https://sigs.example/x');
  });

  it('refuses a --lookaside URL with another scheme', async () => {
    await assert.rejects(
      lookasideSource({ lookaside: 'ftp://sigs.example' }),
      (e: unknown) => isSignetError(e) && e.code === 'LOOKASIDE_URL_UNSUPPORTED',
    );
  });
});
