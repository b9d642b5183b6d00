import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RpmTag } from './rpm-header.js';
import { rpmPackages, withoutWalMode } from './rpm-packages.js';

const STRING = 6;

/** A header blob with string tags only (lib/header.c layout: counts, index, data store). */
function headerBlob(tags: [number, string][]): Buffer {
  const data = Buffer.concat(tags.map(([, value]) => Buffer.from(`${value}\0`)));
  const blob = Buffer.alloc(8 + tags.length * 16 + data.length);
  blob.writeUInt32BE(tags.length, 0);
  blob.writeUInt32BE(data.length, 4);
  let offset = 0;
  tags.forEach(([tag, value], i) => {
    [tag, STRING, offset, 1].forEach((field, j) => blob.writeUInt32BE(field, 8 + i * 16 + j * 4));
    offset += Buffer.byteLength(value) + 1;
  });
  data.copy(blob, 8 + tags.length * 16);
  return blob;
}

/** The bytes of an rpmdb.sqlite left in WAL mode, as rpm 4.16+ leaves it (lib/backend/sqlite.c). */
function walModeDatabase(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'signet-rpmdb-'));
  try {
    const path = join(dir, 'rpmdb.sqlite');
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB)');
    database.prepare('INSERT INTO Packages (blob) VALUES (?)').run(
      headerBlob([
        [RpmTag.Name, 'zlib'],
        [RpmTag.Version, '1.2.11'],
        [RpmTag.Release, '40.el9'],
        [RpmTag.Arch, 'x86_64'],
      ]),
    );
    database.close();
    return readFileSync(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rpmPackages', () => {
  it('reads a database rpm left in WAL mode', () => {
    const bytes = walModeDatabase();
    assert.deepEqual([bytes[18], bytes[19]], [2, 2]);
    const packages = rpmPackages(bytes, undefined, { layer: 'sha256:aa', path: 'rpmdb.sqlite' });
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.purl]),
      [['zlib', '1.2.11-40.el9', 'pkg:rpm/zlib@1.2.11-40.el9?arch=x86_64']],
    );
  });

  it('marks a copy as rollback-journal and leaves the layer bytes as they were', () => {
    const bytes = walModeDatabase();
    const copy = withoutWalMode(bytes);
    assert.notEqual(copy, bytes);
    assert.deepEqual([copy[18], copy[19]], [1, 1]);
    assert.deepEqual([bytes[18], bytes[19]], [2, 2]);
    assert.ok(Buffer.from(copy.subarray(20)).equals(bytes.subarray(20)));
  });

  it('passes through bytes that are not in WAL mode or too short to say', () => {
    const rollback = new Uint8Array(32).fill(1);
    assert.equal(withoutWalMode(rollback), rollback);
    const short = new Uint8Array([2, 2, 2]);
    assert.equal(withoutWalMode(short), short);
  });

  it('rejects a WAL-marked file that is not an SQLite database', () => {
    const garbage = new Uint8Array(64).fill(2);
    assert.throws(
      () => rpmPackages(garbage, undefined, { layer: 'sha256:aa', path: 'rpmdb.sqlite' }),
      { code: 'SBOM_LAYER_INVALID' },
    );
  });
});
