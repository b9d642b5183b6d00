/**
 * Operating-system package databases: dpkg's status file and distroless `status.d`
 * stanzas (deb-control(5) fields, continuation lines indented), and apk's installed
 * database (apk-package(5) one-letter keys, a blank line between packages). Only packages
 * whose dpkg Status says "installed" count, as dpkg -l and Trivy count them.
 */
import type { ImagePackage } from './image-package.js';
import type { OsRelease } from './os-release.js';
import { packageUrl } from './package-url.js';

export function parseDebianControl(text: string): Record<string, string>[] {
  const stanzas: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (Object.keys(current).length > 0) stanzas.push(current);
      current = {};
      last = undefined;
    } else if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      current[last] += `\n${line.trim()}`;
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim();
      current[last] = line.slice(colon + 1).trim();
    }
  }
  if (Object.keys(current).length > 0) stanzas.push(current);
  return stanzas;
}

export function dpkgPackages(
  text: string,
  distro: OsRelease | undefined,
  at: { layer: string; path: string },
  licensesOf: (name: string) => string[],
): ImagePackage[] {
  return parseDebianControl(text).flatMap((stanza) => {
    const name = stanza.Package;
    const version = stanza.Version;
    if (name === undefined || version === undefined) return [];
    if (stanza.Status !== undefined && !/\binstalled$/.test(stanza.Status)) return [];
    // "Source: glibc (2.36-9)" names the source package and, when it differs, its version.
    const source = /^(\S+)(?:\s+\((\S+)\))?/.exec(stanza.Source ?? '');
    const upstream =
      source === null
        ? undefined
        : source[2] === undefined
          ? source[1]
          : `${source[1]}@${source[2]}`;
    const namespace = distro?.id ?? 'debian';
    return [
      {
        ecosystem: 'deb' as const,
        name,
        version,
        purl: packageUrl(
          'deb',
          namespace,
          name,
          version,
          { arch: stanza.Architecture, upstream },
          distro,
        ),
        licenses: licensesOf(name),
        ...at,
      },
    ];
  });
}

/** Licence names of a DEP-5 machine-readable copyright file (its `License:` fields). */
export function debianCopyrightLicenses(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/^License:[ \t]*(\S[^\n]*)$/gm)) names.add(match[1]!.trim());
  return [...names];
}

export function apkPackages(
  text: string,
  distro: OsRelease | undefined,
  at: { layer: string; path: string },
): ImagePackage[] {
  const packages: ImagePackage[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.length > 2 && line[1] === ':' && fields[line[0]!] === undefined)
        fields[line[0]!] = line.slice(2);
    }
    const name = fields.P;
    const version = fields.V;
    if (name === undefined || version === undefined) continue;
    const origin = fields.o;
    packages.push({
      ecosystem: 'apk',
      name,
      version,
      purl: packageUrl(
        'apk',
        distro?.id ?? 'alpine',
        name,
        version,
        { arch: fields.A, upstream: origin !== undefined && origin !== name ? origin : undefined },
        distro,
      ),
      licenses: fields.L === undefined ? [] : [fields.L],
      ...at,
    });
  }
  return packages;
}
