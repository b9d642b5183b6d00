/**
 * Which files of an image hold package metadata, by path (the locations syft and Trivy
 * read): dpkg's status and status.d (and DEP-5 copyright files for licences), apk's installed database, rpm's SQLite database,
 * npm lockfiles and package.json files (installed packages and applications), Python dist-info/egg-info metadata and
 * os-release. Executables are scanned for Go build information separately. Each kind has
 * a size cap: a file over it is reported as skipped, never read whole.
 */
export type MetadataKind =
  | 'dpkg-status'
  | 'dpkg-status-d'
  | 'dpkg-copyright'
  | 'apk-installed'
  | 'rpm-sqlite'
  | 'npm-package-json'
  | 'npm-lockfile'
  | 'python-metadata'
  | 'os-release';

/** Caps per file: real dpkg status files reach 5 MB, rpmdb.sqlite 100 MB on a full distribution. */
export const MAX_BYTES: Record<MetadataKind, number> = {
  'dpkg-status': 32 * 1024 * 1024,
  'dpkg-status-d': 1024 * 1024,
  'dpkg-copyright': 1024 * 1024,
  'apk-installed': 32 * 1024 * 1024,
  'rpm-sqlite': 256 * 1024 * 1024,
  'npm-package-json': 1024 * 1024,
  'npm-lockfile': 64 * 1024 * 1024,
  'python-metadata': 1024 * 1024,
  'os-release': 64 * 1024,
};

export function metadataKind(path: string): MetadataKind | undefined {
  if (path === 'var/lib/dpkg/status') return 'dpkg-status';
  if (path.startsWith('var/lib/dpkg/status.d/')) {
    const name = path.slice('var/lib/dpkg/status.d/'.length);
    // distroless writes one stanza per package, plus <name>.md5sums lists beside them.
    return name.includes('/') || name.endsWith('.md5sums') ? undefined : 'dpkg-status-d';
  }
  if (/^usr\/share\/doc\/[^/]+\/copyright$/.test(path)) return 'dpkg-copyright';
  if (path === 'lib/apk/db/installed') return 'apk-installed';
  if (path === 'var/lib/rpm/rpmdb.sqlite' || path === 'usr/lib/sysimage/rpm/rpmdb.sqlite') {
    return 'rpm-sqlite';
  }
  if (path === 'etc/os-release' || path === 'usr/lib/os-release') return 'os-release';
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'package.json') return 'npm-package-json';
  if (base === 'package-lock.json' && !path.includes('node_modules/')) return 'npm-lockfile';
  if (/\.dist-info\/METADATA$/.test(path)) return 'python-metadata';
  if (/\.egg-info\/PKG-INFO$/.test(path) || /\.egg-info$/.test(path)) return 'python-metadata';
  return undefined;
}
