/**
 * rpm's SQLite database (rpm 4.16+, `rpmdb.sqlite`): table Packages(hnum, blob), one
 * header blob per installed package. The database bytes are opened in memory (SQLite's
 * deserialize through better-sqlite3), never written to disk, read-only.
 */
import Database from 'better-sqlite3';
import { sbomError } from '../errors.js';
import type { ImagePackage } from './image-package.js';
import type { OsRelease } from './os-release.js';
import { packageUrl } from './package-url.js';
import { parseRpmHeaderBlob } from './rpm-header.js';

export function rpmPackages(
  bytes: Uint8Array,
  distro: OsRelease | undefined,
  at: { layer: string; path: string },
): ImagePackage[] {
  const what = `/${at.path} in layer ${at.layer}`;
  let database: Database.Database;
  try {
    database = new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
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
