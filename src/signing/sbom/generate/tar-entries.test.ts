import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { isSignetError } from '../../../core/errors.js';
import { tarLayer } from '../../../testing/sbom-layers.js';
import { normalisePath, readTarEntries } from './tar-entries.js';

const run = promisify(execFile);

function chunks(bytes: Uint8Array, size = 1000): AsyncIterator<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size)
    parts.push(bytes.subarray(offset, offset + size));
  return Readable.from(parts)[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
}

async function list(bytes: Uint8Array, maxEntries = 1000) {
  const out: { path: string; type: string; size: number; body?: string; link?: string }[] = [];
  for await (const entry of readTarEntries(chunks(bytes), { maxEntries }, 'layer 1')) {
    const body = entry.type === 'file' ? await entry.readBody(1024) : undefined;
    out.push({
      path: entry.path,
      type: entry.type,
      size: entry.size,
      ...(body === undefined ? {} : { body: new TextDecoder().decode(body) }),
      ...(entry.linkTarget === undefined ? {} : { link: entry.linkTarget }),
    });
  }
  return out;
}

describe('the streaming tar reader', () => {
  it('reads GNU and pax archives written by GNU tar, with long names and links', async () => {
    const work = await mkdtemp(join(tmpdir(), 'signet-tar-'));
    try {
      const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
      await mkdir(join(work, 'src', 'd'.repeat(120)), { recursive: true });
      await writeFile(join(work, 'src', long), 'long');
      await run('ln', ['-s', long, join(work, 'src', 'link')]);
      for (const format of ['gnu', 'pax', 'ustar']) {
        const args = [
          '-cf',
          join(work, `${format}.tar`),
          `--format=${format}`,
          '-C',
          join(work, 'src'),
          '.',
        ];
        const made = await run('tar', args).then(
          () => true,
          () => false,
        );
        if (!made) {
          assert.equal(format, 'ustar', 'only ustar refuses names over 255 bytes');
          continue;
        }
        const entries = await list(await readFile(join(work, `${format}.tar`)));
        assert.deepEqual(
          entries.find((e) => e.path === long),
          { path: long, type: 'file', size: 4, body: 'long' },
          format,
        );
        assert.deepEqual(
          entries.find((e) => e.path === 'link'),
          { path: 'link', type: 'symlink', size: 0, link: long },
          format,
        );
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('leaves unread bodies for the reader to skip, whatever the chunk size', async () => {
    const tar = tarLayer([
      { path: 'a', content: 'x'.repeat(3000) },
      { path: 'b/', type: 'directory' },
      { path: 'b/c', content: 'see' },
    ]);
    for (const size of [1, 511, 512, 513, 100_000]) {
      const seen: string[] = [];
      for await (const entry of readTarEntries(chunks(tar, size), { maxEntries: 10 }, 'layer')) {
        seen.push(entry.path);
        if (entry.path === 'b/c')
          assert.equal(new TextDecoder().decode(await entry.readBody(10)), 'see');
      }
      assert.deepEqual(seen, ['a', 'b', 'b/c']);
    }
  });

  it('reads a base-256 size (8 GiB and more) and then reports the truncated body', async () => {
    const tar = tarLayer([{ path: 'huge', content: 'x' }]);
    const header = tar.subarray(0, 512);
    header.fill(0, 124, 136);
    header[124] = 0x80;
    header[131] = 0x02; // 2 * 256^4 = 8 GiB
    const sum = header.reduce((total, byte, i) => total + (i >= 148 && i < 156 ? 0x20 : byte), 0);
    header.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    await assert.rejects(
      list(tar.subarray(0, 2048)),
      (error: unknown) => isSignetError(error) && /body of huge is truncated/.test(error.message),
    );
  });

  it('rejects a header whose checksum does not match', async () => {
    const tar = tarLayer([{ path: 'a', content: 'x' }]);
    tar[0] = 'b'.charCodeAt(0);
    await assert.rejects(
      list(tar),
      (error: unknown) =>
        isSignetError(error) &&
        error.code === 'SBOM_LAYER_INVALID' &&
        /checksum/.test(error.message),
    );
  });

  it('rejects an archive that ends inside a header, and an oversized pax header', async () => {
    const tar = tarLayer([{ path: 'a', content: 'x' }]);
    await assert.rejects(list(tar.subarray(0, 300)), /ends inside a header/);
    const pax = tarLayer([{ path: 'a', content: 'x' }]);
    const header = pax.subarray(0, 512);
    header[156] = 'x'.charCodeAt(0);
    header.set(new TextEncoder().encode('00010000000\0'), 124);
    const sum = header.reduce((total, byte, i) => total + (i >= 148 && i < 156 ? 0x20 : byte), 0);
    header.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
    await assert.rejects(
      list(pax),
      (error: unknown) => isSignetError(error) && error.code === 'SBOM_LAYER_TOO_LARGE',
    );
  });

  it('normalises names inside the root and flags the ones it had to clamp', () => {
    assert.deepEqual(normalisePath('./usr//bin/./x'), { path: 'usr/bin/x', clamped: false });
    assert.deepEqual(normalisePath('a/../b'), { path: 'b', clamped: false });
    assert.deepEqual(normalisePath('../../etc/passwd'), { path: 'etc/passwd', clamped: true });
    assert.deepEqual(normalisePath('/etc/shadow'), { path: 'etc/shadow', clamped: true });
  });
});
