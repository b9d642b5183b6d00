/**
 * Turns an image's metadata files into its package list: OS packages first (their
 * distribution from os-release), then language packages. A package listed twice (an npm
 * package both installed and in a lockfile, a Go module in two binaries) is kept once per
 * place it was found for installed files, and lockfile entries already installed are
 * dropped. Files that do not parse are skipped with a warning, never fatal: one broken
 * package.json must not hide the rest of the image.
 */
import { decodeReportJson } from '../report-json.js';
import type { CollectedFile } from './image-files.js';
import type { ImagePackage } from './image-package.js';
import {
  goModulePackages,
  npmInstalledPackage,
  npmLockPackages,
  pythonPackage,
} from './language-packages.js';
import { parseOsRelease, type OsRelease } from './os-release.js';
import { apkPackages, debianCopyrightLicenses, dpkgPackages } from './os-packages.js';
import { rpmPackages } from './rpm-packages.js';

export interface Catalog {
  distro?: OsRelease;
  packages: ImagePackage[];
  warnings: string[];
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export function catalogPackages(files: readonly CollectedFile[]): Catalog {
  const warnings: string[] = [];
  const byPath = new Map(files.map((file) => [file.path, file]));
  const release = byPath.get('etc/os-release') ?? byPath.get('usr/lib/os-release');
  const distro =
    release !== undefined && release.kind !== 'go-binary'
      ? parseOsRelease(text(release.bytes))
      : undefined;
  const copyright = new Map<string, string[]>();
  for (const file of files) {
    if (file.kind === 'dpkg-copyright') {
      copyright.set(file.path.split('/')[3]!, debianCopyrightLicenses(text(file.bytes)));
    }
  }
  const licensesOf = (name: string) => copyright.get(name) ?? [];
  const packages: ImagePackage[] = [];
  const lockPackages: ImagePackage[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const at = { layer: file.layer, path: file.path };
    try {
      switch (file.kind) {
        case 'dpkg-status':
        case 'dpkg-status-d':
          packages.push(...dpkgPackages(text(file.bytes), distro, at, licensesOf));
          break;
        case 'apk-installed':
          packages.push(...apkPackages(text(file.bytes), distro, at));
          break;
        case 'rpm-sqlite':
          packages.push(...rpmPackages(file.bytes, distro, at));
          break;
        case 'npm-package-json': {
          const parsed = decodeReportJson(file.bytes);
          const found = parsed.ok ? npmInstalledPackage(parsed.value, at) : undefined;
          if (found !== undefined) packages.push(found);
          break;
        }
        case 'npm-lockfile': {
          const parsed = decodeReportJson(file.bytes);
          if (parsed.ok) lockPackages.push(...npmLockPackages(parsed.value, at));
          else warnings.push(`/${file.path}: not JSON (${parsed.reason}); skipped`);
          break;
        }
        case 'python-metadata': {
          const found = pythonPackage(text(file.bytes), at);
          if (found !== undefined) packages.push(found);
          break;
        }
        case 'go-binary':
          packages.push(...goModulePackages(file.buildInfo, at));
          break;
        case 'os-release':
        case 'dpkg-copyright':
          break;
      }
    } catch (error) {
      warnings.push(
        `/${file.path}: ${error instanceof Error ? error.message : String(error)}; skipped`,
      );
    }
  }
  const installed = new Set(
    packages.filter((p) => p.ecosystem === 'npm').map((p) => `${p.name}@${p.version}`),
  );
  const seenLock = new Set<string>();
  for (const lock of lockPackages) {
    const key = `${lock.name}@${lock.version}`;
    if (installed.has(key) || seenLock.has(key)) continue;
    seenLock.add(key);
    packages.push(lock);
  }
  return { ...(distro === undefined ? {} : { distro }), packages, warnings };
}
