import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { isSignetError } from '../../../core/errors.js';
import { tarLayer, type LayerFile } from '../../../testing/sbom-layers.js';
import { catalogPackages } from './catalog.js';
import {
  DEFAULT_READ_LIMITS,
  readImageFiles,
  type LayerSource,
  type ReadLimits,
} from './image-files.js';

const run = promisify(execFile);
const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const TAR = 'application/vnd.oci.image.layer.v1.tar';

function layer(
  bytes: Uint8Array,
  mediaType = GZIP,
  name = 'sha256:' + randomBytes(32).toString('hex'),
): LayerSource {
  return {
    digest: name,
    mediaType,
    open: () => Promise.resolve(Readable.from([Buffer.from(bytes)])),
  };
}
const gz = (files: LayerFile[]) => layer(new Uint8Array(gzipSync(tarLayer(files))));

const status = (name: string, version: string) =>
  `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n`;
const OS = { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' };

async function packagesOf(layers: LayerSource[], limits?: ReadLimits) {
  const files = await readImageFiles(layers, limits);
  return { ...catalogPackages(files.files), files };
}

function rejectsWith(code: string, pattern: RegExp) {
  return (error: unknown) =>
    isSignetError(error) && error.code === code && pattern.test(error.message);
}

describe('reading image layers', () => {
  it('lets a later layer replace a file and records the layer that wrote it', async () => {
    const first = gz([OS, { path: 'var/lib/dpkg/status', content: status('hello', '2.10-2') }]);
    const second = gz([{ path: 'var/lib/dpkg/status', content: status('hello', '2.10-3') }]);
    const { packages } = await packagesOf([first, second]);
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.layer, p.path]),
      [['hello', '2.10-3', second.digest, 'var/lib/dpkg/status']],
    );
    assert.equal(packages[0]?.purl, 'pkg:deb/debian/hello@2.10-3?arch=amd64&distro=debian-12');
  });

  it('honours a whiteout of a file and of a directory', async () => {
    const base = gz([
      OS,
      { path: 'var/lib/dpkg/status', content: status('hello', '1') },
      { path: 'app/node_modules/ms/package.json', content: '{"name":"ms","version":"2.1.3"}' },
      {
        path: 'app/node_modules/debug/package.json',
        content: '{"name":"debug","version":"4.3.4"}',
      },
    ]);
    const removing = gz([{ path: 'var/lib/dpkg/.wh.status' }, { path: 'app/node_modules/.wh.ms' }]);
    const { packages } = await packagesOf([base, removing]);
    assert.deepEqual(
      packages.map((p) => p.name),
      ['debug'],
    );
  });

  it('honours an opaque whiteout for lower layers only', async () => {
    const base = gz([
      { path: 'app/node_modules/ms/package.json', content: '{"name":"ms","version":"2.1.3"}' },
    ]);
    const opaque = gz([
      { path: 'app/node_modules/.wh..wh..opq' },
      { path: 'app/node_modules/is/package.json', content: '{"name":"is","version":"1.0.0"}' },
    ]);
    const { packages } = await packagesOf([base, opaque]);
    assert.deepEqual(
      packages.map((p) => `${p.name}@${p.version}`),
      ['is@1.0.0'],
    );
  });

  it('reads uncompressed layers, pax long names and executables without build info', async () => {
    const deep = `app/${'very-long-directory-name/'.repeat(6)}node_modules/left-pad/package.json`;
    const tar = tarLayer([
      { path: deep, content: '{"name":"left-pad","version":"1.3.0","license":"WTFPL"}' },
      {
        path: 'usr/bin/script',
        content: '#!/bin/sh\necho not a binary, long enough to be scanned for build info\n',
        mode: 0o755,
      },
    ]);
    const { packages } = await packagesOf([layer(tar, TAR)]);
    assert.deepEqual(
      packages.map((p) => [p.name, p.path, p.licenses]),
      [['left-pad', deep, ['WTFPL']]],
    );
  });

  it('resolves ../ and absolute names inside the image root, warns, and writes nothing', async () => {
    const marker = `signet-escape-${randomBytes(6).toString('hex')}`;
    const hostile = gz([
      { path: `../../../../../../tmp/${marker}`, content: 'x' },
      { path: `/tmp/${marker}-absolute`, content: 'x' },
      { path: '../../var/lib/dpkg/status', content: status('escaped', '1.0') },
      { path: 'etc/passwd-link', type: 'symlink', link: '../../../../etc/passwd' },
    ]);
    const { packages, files } = await packagesOf([hostile]);
    // Clamped exactly as containerd applies such a layer: the status lands at /var/lib/dpkg/status.
    assert.deepEqual(
      packages.map((p) => p.name),
      ['escaped'],
    );
    assert.equal(
      files.warnings.filter((w) => w.includes('resolved inside the image root')).length,
      3,
    );
    assert.equal(existsSync(join('/tmp', marker)), false);
    assert.equal(existsSync(join('/tmp', `${marker}-absolute`)), false);
  });

  it('ends on symbolic link loops without following them', async () => {
    const loops = gz([
      { path: 'a', type: 'symlink', link: 'b' },
      { path: 'b', type: 'symlink', link: 'a' },
      { path: 'var/lib/dpkg', type: 'symlink', link: '../../var/lib/dpkg' },
      { path: 'x/self', type: 'symlink', link: '.' },
    ]);
    const { packages } = await packagesOf([loops]);
    assert.deepEqual(packages, []);
  });

  it('refuses a corrupt gzip stream and a truncated one', async () => {
    const good = gzipSync(
      tarLayer([{ path: 'var/lib/dpkg/status', content: status('hello', '1').repeat(50) }]),
    );
    const corrupt = Buffer.from(good);
    corrupt[Math.floor(corrupt.length / 2)]! ^= 0xff;
    await assert.rejects(
      readImageFiles([layer(corrupt)]),
      rejectsWith('SBOM_LAYER_INVALID', /not valid compressed data/),
    );
    const truncated = good.subarray(0, good.length - 20);
    await assert.rejects(
      readImageFiles([layer(truncated)]),
      rejectsWith('SBOM_LAYER_INVALID', /compressed data/),
    );
  });

  it('reads each layer to its end, so a digest failure there fails the read', async () => {
    const tar = gzipSync(
      tarLayer([
        { path: 'node_modules/ms/package.json', content: '{"name":"ms","version":"2.1.3"}' },
      ]),
    );
    const failing: LayerSource = {
      digest: 'sha256:bad',
      mediaType: GZIP,
      open: () =>
        Promise.resolve(
          new Readable({
            read() {
              this.push(tar);
              this.destroy(new Error('sha256:bad: content does not match its digest'));
            },
          }),
        ),
    };
    await assert.rejects(readImageFiles([failing]), /does not match its digest/);
  });

  it('refuses a layer that is not tar, naming the layer', async () => {
    const garbage = layer(new Uint8Array(gzipSync(randomBytes(4096))), GZIP, 'sha256:feed');
    await assert.rejects(
      readImageFiles([garbage]),
      rejectsWith('SBOM_LAYER_INVALID', /layer 1 \(sha256:feed\).*checksum/),
    );
  });

  it('refuses a decompression bomb after a bounded amount of output', async () => {
    const bomb = gzipSync(
      tarLayer([{ path: 'zeros', content: new Uint8Array(64 * 1024 * 1024) }]),
      { level: 9 },
    );
    assert.ok(bomb.length < 200 * 1024, 'the bomb is small when compressed');
    await assert.rejects(
      readImageFiles([layer(bomb)], { ...DEFAULT_READ_LIMITS, maxLayerBytes: 16 * 1024 * 1024 }),
      rejectsWith('SBOM_LAYER_TOO_LARGE', /decompression bomb/),
    );
  });

  it('refuses a tar bomb of too many entries', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ path: `d/${i}`, content: '' }));
    await assert.rejects(
      readImageFiles([gz(many)], { ...DEFAULT_READ_LIMITS, maxEntries: 1000 }),
      rejectsWith('SBOM_LAYER_TOO_LARGE', /more than 1000 tar entries/),
    );
  });

  it('skips a metadata file over its cap with a warning instead of reading it', async () => {
    const huge = `{"name":"big","version":"1.0.0","pad":"${'x'.repeat(1024 * 1024)}"}`;
    const { packages, files } = await packagesOf([
      gz([{ path: 'node_modules/big/package.json', content: huge }]),
    ]);
    assert.deepEqual(packages, []);
    assert.match(files.warnings.join('\n'), /over the 1048576-byte cap/);
  });

  it('reads a 10 GB sparse file written by GNU tar without expanding it', async () => {
    const work = await mkdtemp(join(tmpdir(), 'signet-sparse-'));
    try {
      await writeFile(join(work, 'big'), '');
      await truncate(join(work, 'big'), 10 * 1024 ** 3);
      await writeFile(join(work, 'package.json'), '{"name":"after-sparse","version":"1.0.0"}');
      await run('tar', [
        '--sparse',
        '--format=gnu',
        '-czf',
        join(work, 'layer.tgz'),
        '-C',
        work,
        'big',
        'package.json',
      ]);
      const bytes = await readFile(join(work, 'layer.tgz'));
      assert.ok(bytes.length < 1024 * 1024, 'the sparse layer is small');
      const started = process.memoryUsage().rss;
      const files = await readImageFiles([layer(bytes)]);
      assert.deepEqual(
        catalogPackages(files.files).packages.map((p) => p.name),
        ['after-sparse'],
      );
      assert.ok(files.tarBytes < 1024 * 1024, `read ${files.tarBytes} bytes of tar, not 10 GB`);
      assert.ok(process.memoryUsage().rss - started < 256 * 1024 * 1024);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('refuses zstd layers on a Node without zstd, and non-layer media types', async () => {
    const zstd = layer(new Uint8Array(8), 'application/vnd.oci.image.layer.v1.tar+zstd');
    const hasZstd = 'createZstdDecompress' in (await import('node:zlib'));
    if (!hasZstd)
      await assert.rejects(readImageFiles([zstd]), rejectsWith('SBOM_LAYER_UNSUPPORTED', /zstd/));
    const other = layer(new Uint8Array(8), 'application/vnd.cyclonedx+json');
    await assert.rejects(
      readImageFiles([other]),
      rejectsWith('SBOM_LAYER_UNSUPPORTED', /not a tar layer/),
    );
  });
});
