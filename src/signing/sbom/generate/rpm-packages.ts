/**
 * rpm's SQLite database (rpm 4.16+, `rpmdb.sqlite`): table Packages(hnum, blob), one
 * header blob per installed package. The database bytes are opened in memory (SQLite's
 * deserialize through better-sqlite3), never written to disk, read-only.
 *
 * rpm keeps its database in WAL mode (lib/backend/sqlite.c sets journal_mode=WAL), which
 * the file header records as read/write versions 2 at offsets 18-19 (sqlite.org/fileformat2,
 * "1.3.4 File format version numbers"). An in-memory copy cannot open a WAL database, so the
 * copy is marked as a rollback-journal one (versions 1): the committed pages are all in
 * the main file once rpm has checkpointed, which it does when it closes the database.
 */
import Database from 'better-sqlite3';
import { sbomError } from '../errors.js';
import type { ImagePackage } from './image-package.js';
import type { OsRelease } from './os-release.js';
import { packageUrl } from './package-url.js';
import { parseRpmHeaderBlob } from './rpm-header.js';

/** Offsets of SQLite's write and read format versions; 2 means WAL, 1 rollback journal. */
const WRITE_VERSION_OFFSET = 18;
const READ_VERSION_OFFSET = 19;
const WAL_FORMAT = 2;
const ROLLBACK_FORMAT = 1;

/** The database bytes, copied and marked rollback-journal when rpm left them in WAL mode. */
export function withoutWalMode(bytes: Uint8Array): Uint8Array {
  if (
    bytes.byteLength <= READ_VERSION_OFFSET ||
    (bytes[WRITE_VERSION_OFFSET] !== WAL_FORMAT && bytes[READ_VERSION_OFFSET] !== WAL_FORMAT)
  )
    return bytes;
  const copy = Uint8Array.from(bytes);
  copy[WRITE_VERSION_OFFSET] = ROLLBACK_FORMAT;
  copy[READ_VERSION_OFFSET] = ROLLBACK_FORMAT;
  return copy;
}

export function rpmPackages(
  bytes: Uint8Array,
  distro: OsRelease | undefined,
  at: { layer: string; path: string },
): ImagePackage[] {
  const what = `/${at.path} in layer ${at.layer}`;
  let database: Database.Database;
  const file = withoutWalMode(bytes);
  try {
    database = new Database(Buffer.from(file.buffer, file.byteOffset, file.byteLength), {
      readonly: true,
    });
  } catch (error) {
    throw sbomError('SBOM_LAYER_INVALID', `${what} is not an SQLite database: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    const rows = database.prepare('SELECT blob FROM Packages').all() as { blob: Buffer }[];
    let namespace = distro?.id ?? '';
    if (namespace === 'rhel') namespace = 'redhat';
    return rows.flatMap(({ blob }) => {
      const header = parseRpmHeaderBlob(blob, what);
      if (header.name === undefined || header.version === undefined) return [];
      // gpg-pubkey entries are keys imported into the database, not packages.
      if (header.name === 'gpg-pubkey') return [];
      const versionRelease =
        header.release === undefined ? header.version : `${header.version}-${header.release}`;
      const version =
        header.epoch === undefined ? versionRelease : `${header.epoch}:${versionRelease}`;
      return [
        {
          ecosystem: 'rpm' as const,
          name: header.name,
          version,
          purl: packageUrl(
            'rpm',
            namespace,
            header.name,
            versionRelease,
            { arch: header.arch, epoch: header.epoch?.toString(), upstream: header.sourceRpm },
            distro,
          ),
          licenses: header.license === undefined ? [] : [header.license],
          ...at,
        },
      ];
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'SignetError') throw error;
    throw sbomError('SBOM_LAYER_INVALID', `${what} is not an rpm database: ${String(error)}`, {
      cause: error,
    });
  } finally {
    database.close();
  }
}
