import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { catalogPackages } from './catalog.js';
import { GoBuildInfoScanner } from './go-buildinfo-scanner.js';
import type { CollectedFile } from './image-files.js';
import { parseRpmHeaderBlob, RpmTag } from './rpm-header.js';

const LAYER = `sha256:${'a'.repeat(64)}`;
const bytes = (text: string) => new TextEncoder().encode(text);
const file = (
  kind: Exclude<CollectedFile['kind'], 'go-binary'>,
  path: string,
  content: string | Uint8Array,
): CollectedFile => ({
  kind,
  path,
  layer: LAYER,
  bytes: typeof content === 'string' ? bytes(content) : content,
});

/** An rpm header blob (lib/header.c layout: counts, index entries, data store). */
function rpmHeaderBlob(tags: { tag: number; type: number; value: string | number }[]): Uint8Array {
  const data: number[] = [];
  const index: number[][] = [];
  for (const { tag, type, value } of tags) {
    if (typeof value === 'number') {
      while (data.length % 4 !== 0) data.push(0);
      index.push([tag, type, data.length, 1]);
      const word = Buffer.alloc(4);
      word.writeInt32BE(value);
      data.push(...word);
    } else {
      index.push([tag, type, data.length, 1]);
      data.push(...bytes(value), 0);
    }
  }
  const blob = Buffer.alloc(8 + index.length * 16 + data.length);
  blob.writeUInt32BE(index.length, 0);
  blob.writeUInt32BE(data.length, 4);
  index.forEach((entry, i) =>
    entry.forEach((field, j) => blob.writeUInt32BE(field, 8 + i * 16 + j * 4)),
  );
  Buffer.from(data).copy(blob, 8 + index.length * 16);
  return blob;
}

function rpmDatabase(blobs: Uint8Array[]): Uint8Array {
  const database = new Database(':memory:');
  database.exec(
    'CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)',
  );
  const insert = database.prepare('INSERT INTO Packages (blob) VALUES (?)');
  for (const blob of blobs) insert.run(Buffer.from(blob));
  const serialized = database.serialize();
  database.close();
  return serialized;
}

const STRING = 6;
const INT32 = 4;

describe('package catalogs', () => {
  it('reads dpkg status with source packages, skips removed packages and adds DEP-5 licences', () => {
    const status = [
      'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc (2.36-9+deb12u7)\nVersion: 2.36-9+deb12u7+b1\nDescription: GNU C Library\n multi-line description',
      'Package: old\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1.0',
      'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1',
    ].join('\n\n');
    const { packages } = catalogPackages([
      file('os-release', 'etc/os-release', 'ID=debian\nVERSION_ID="12"\n'),
      file('dpkg-status', 'var/lib/dpkg/status', status),
      file(
        'dpkg-copyright',
        'usr/share/doc/zlib1g/copyright',
        'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: Zlib\n',
      ),
    ]);
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.purl, p.licenses]),
      [
        [
          'libc6',
          '2.36-9+deb12u7+b1',
          'pkg:deb/debian/libc6@2.36-9%2Bdeb12u7%2Bb1?arch=amd64&distro=debian-12&upstream=glibc%402.36-9%2Bdeb12u7',
          [],
        ],
        [
          'zlib1g',
          '1:1.2.13.dfsg-1',
          'pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib',
          ['Zlib'],
        ],
      ],
    );
  });

  it('reads distroless status.d stanzas', () => {
    const { packages } = catalogPackages([
      file(
        'dpkg-status-d',
        'var/lib/dpkg/status.d/base-files',
        'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n',
      ),
    ]);
    assert.equal(packages[0]?.purl, 'pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64');
  });

  it('reads the apk installed database with origins and licences', () => {
    const { packages } = catalogPackages([
      file('os-release', 'etc/os-release', 'ID=alpine\nVERSION_ID=3.20.3\n'),
      file(
        'apk-installed',
        'lib/apk/db/installed',
        'P:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\n\nP:libcrypto3\nV:3.3.2-r1\nA:x86_64\nL:Apache-2.0\no:openssl\nF:usr/lib\nR:libcrypto.so.3\n',
      ),
    ]);
    assert.deepEqual(
      packages.map((p) => [p.purl, p.licenses]),
      [
        ['pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3', ['MIT']],
        [
          'pkg:apk/alpine/libcrypto3@3.3.2-r1?arch=x86_64&distro=alpine-3.20.3&upstream=openssl',
          ['Apache-2.0'],
        ],
      ],
    );
  });

  it('reads rpm SQLite databases, with epoch, source rpm and licence, skipping gpg-pubkey', () => {
    const bash = rpmHeaderBlob([
      { tag: RpmTag.Name, type: STRING, value: 'bash' },
      { tag: RpmTag.Version, type: STRING, value: '5.1.8' },
      { tag: RpmTag.Release, type: STRING, value: '6.el9' },
      { tag: RpmTag.Epoch, type: INT32, value: 1 },
      { tag: RpmTag.License, type: STRING, value: 'GPL-3.0-or-later' },
      { tag: RpmTag.Arch, type: STRING, value: 'x86_64' },
      { tag: RpmTag.SourceRpm, type: STRING, value: 'bash-5.1.8-6.el9.src.rpm' },
    ]);
    const key = rpmHeaderBlob([
      { tag: RpmTag.Name, type: STRING, value: 'gpg-pubkey' },
      { tag: RpmTag.Version, type: STRING, value: 'fd431d51' },
    ]);
    const { packages, warnings } = catalogPackages([
      file('os-release', 'etc/os-release', 'ID="rhel"\nVERSION_ID="9.3"\n'),
      file('rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', rpmDatabase([bash, key])),
    ]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.purl, p.licenses]),
      [
        [
          'bash',
          '1:5.1.8-6.el9',
          'pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.3&epoch=1&upstream=bash-5.1.8-6.el9.src.rpm',
          ['GPL-3.0-or-later'],
        ],
      ],
    );
  });

  it('warns and goes on when an rpm database or header is corrupt', () => {
    const truncated = rpmHeaderBlob([{ tag: RpmTag.Name, type: STRING, value: 'x' }]).subarray(
      0,
      20,
    );
    const result = catalogPackages([
      file('rpm-sqlite', 'var/lib/rpm/rpmdb.sqlite', rpmDatabase([truncated])),
      file('rpm-sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite', bytes('not sqlite at all')),
      file(
        'npm-package-json',
        'app/node_modules/ok/package.json',
        '{"name":"ok","version":"1.0.0"}',
      ),
    ]);
    assert.deepEqual(
      result.packages.map((p) => p.name),
      ['ok'],
    );
    assert.equal(result.warnings.length, 2);
    assert.throws(
      () => parseRpmHeaderBlob(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]), 'blob'),
      /exceed rpm limits/,
    );
  });

  it('reads npm lockfiles v1 and v3, keeping installed packages once', () => {
    const v3 = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0' },
        'node_modules/debug': { version: '4.3.4', license: 'MIT' },
        'node_modules/@scope/pkg': { version: '2.0.0' },
        'node_modules/linked': { link: true, resolved: '../linked' },
      },
    });
    const v1 = JSON.stringify({
      lockfileVersion: 1,
      dependencies: { ms: { version: '2.1.2', dependencies: { inner: { version: '0.1.0' } } } },
    });
    const { packages } = catalogPackages([
      file('npm-lockfile', 'app/package-lock.json', v3),
      file('npm-lockfile', 'old/package-lock.json', v1),
      file(
        'npm-package-json',
        'app/node_modules/debug/package.json',
        '{"name":"debug","version":"4.3.4","license":{"type":"MIT"}}',
      ),
    ]);
    assert.deepEqual(packages.map((p) => p.purl).sort(), [
      'pkg:npm/%40scope/pkg@2.0.0',
      'pkg:npm/debug@4.3.4',
      'pkg:npm/inner@0.1.0',
      'pkg:npm/ms@2.1.2',
    ]);
    assert.equal(
      packages.find((p) => p.name === 'debug')?.path,
      'app/node_modules/debug/package.json',
    );
  });

  it('reads Python METADATA and egg-info PKG-INFO with licence expressions and classifiers', () => {
    const { packages } = catalogPackages([
      file(
        'python-metadata',
        'usr/lib/python3/dist-packages/idna-3.7.dist-info/METADATA',
        'Metadata-Version: 2.1\nName: idna\nVersion: 3.7\nClassifier: License :: OSI Approved :: BSD License\n\nLicense: not a header, the body\n',
      ),
      file(
        'python-metadata',
        'usr/lib/python3/dist-packages/six.egg-info/PKG-INFO',
        'Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n',
      ),
      file(
        'python-metadata',
        'srv/new.dist-info/METADATA',
        'Metadata-Version: 2.4\nName: new\nVersion: 1.0\nLicense-Expression: Apache-2.0 OR MIT\n',
      ),
    ]);
    assert.deepEqual(
      packages.map((p) => [p.purl, p.licenses]),
      [
        ['pkg:pypi/new@1.0', ['Apache-2.0 OR MIT']],
        ['pkg:pypi/idna@3.7', ['BSD License']],
        ['pkg:pypi/six@1.16.0', ['MIT']],
      ],
    );
  });

  it('finds Go build information across chunk boundaries and lists modules, replacements and stdlib', () => {
    const modules = [
      'path\texample.com/app',
      'mod\texample.com/app\t(devel)\t',
      'dep\tgolang.org/x/text\tv0.14.0\th1:abc=',
      'dep\tgithub.com/old/mod\tv1.0.0',
      '=>\tgithub.com/fork/mod\tv1.0.1\th1:def=',
      'build\t-compiler=gc',
    ].join('\n');
    const varint = (n: number) => {
      const out: number[] = [];
      while (n >= 0x80) {
        out.push((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      out.push(n);
      return out;
    };
    const sentinel = Buffer.alloc(16, 0x30);
    const framed = Buffer.concat([
      sentinel,
      Buffer.from(modules),
      Buffer.from('\n'),
      sentinel.subarray(0, 16),
    ]);
    const header = Buffer.concat([
      Buffer.from('\xff Go buildinf:', 'latin1'),
      Buffer.from([8, 2]),
      Buffer.alloc(16),
    ]);
    const info = Buffer.concat([
      header,
      Buffer.from(varint(9)),
      Buffer.from('go1.26.8'),
      Buffer.from(' '),
      Buffer.from(varint(framed.length)),
      framed,
    ]);
    // The version string is "go1.26.8 " (9 bytes, trailing space) to keep the test honest about lengths.
    const binary = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
      Buffer.alloc(5000),
      info,
      Buffer.alloc(3000),
    ]);
    const scanner = new GoBuildInfoScanner();
    for (let offset = 0; offset < binary.length; offset += 7)
      scanner.push(binary.subarray(offset, offset + 7));
    const buildInfo = scanner.result();
    assert.ok(buildInfo);
    const { packages } = catalogPackages([
      { kind: 'go-binary', path: 'usr/bin/app', layer: LAYER, buildInfo },
    ]);
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.purl]),
      [
        ['example.com/app', '(devel)', 'pkg:golang/example.com/app'],
        ['golang.org/x/text', 'v0.14.0', 'pkg:golang/golang.org/x/text@v0.14.0'],
        ['github.com/fork/mod', 'v1.0.1', 'pkg:golang/github.com/fork/mod@v1.0.1'],
        ['stdlib', 'go1.26.8', 'pkg:golang/stdlib@1.26.8'],
      ],
    );
  });
});
