/**
 * Language packages: npm's installed package.json files and lockfiles (lockfileVersion 1
 * `dependencies` tree, 2 and 3 `packages` map keyed by node_modules path), Python's
 * dist-info METADATA and egg-info PKG-INFO (core metadata, RFC 822 headers), and the Go
 * modules recorded in a binary's build information (`go version -m`: mod, dep and =>
 * replacement lines). Malformed files are skipped, reported in the warnings.
 */
import type { GoBuildInfo } from './go-buildinfo-scanner.js';
import type { ImagePackage } from './image-package.js';
import { packageUrl } from './package-url.js';

type Where = { layer: string; path: string };

function npmPackage(name: string, version: string, licenses: string[], at: Where): ImagePackage {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const namespace = slash > 0 ? name.slice(0, slash) : '';
  const bare = slash > 0 ? name.slice(slash + 1) : name;
  return {
    ecosystem: 'npm',
    name,
    version,
    purl: packageUrl('npm', namespace, bare, version),
    licenses,
    ...at,
  };
}

function npmLicenses(document: Record<string, unknown>): string[] {
  const license = document.license;
  if (typeof license === 'string') return [license];
  if (
    typeof license === 'object' &&
    license !== null &&
    typeof (license as { type?: unknown }).type === 'string'
  ) {
    return [(license as { type: string }).type];
  }
  if (Array.isArray(document.licenses)) {
    return document.licenses.flatMap((entry: unknown) =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as { type?: unknown }).type === 'string'
        ? [(entry as { type: string }).type]
        : [],
    );
  }
  return [];
}

export function npmInstalledPackage(document: unknown, at: Where): ImagePackage | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const { name, version } = document as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string' || name === '' || version === '')
    return undefined;
  return npmPackage(name, version, npmLicenses(document as Record<string, unknown>), at);
}

export function npmLockPackages(document: unknown, at: Where): ImagePackage[] {
  if (typeof document !== 'object' || document === null) return [];
  const lock = document as {
    packages?: Record<string, unknown>;
    dependencies?: Record<string, unknown>;
  };
  const out: ImagePackage[] = [];
  if (typeof lock.packages === 'object' && lock.packages !== null) {
    for (const [key, value] of Object.entries(lock.packages)) {
      if (key === '' || typeof value !== 'object' || value === null) continue;
      const entry = value as {
        name?: unknown;
        version?: unknown;
        license?: unknown;
        link?: unknown;
      };
      if (entry.link === true) continue;
      const name =
        typeof entry.name === 'string'
          ? entry.name
          : key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      if (typeof entry.version !== 'string' || name === '') continue;
      out.push(
        npmPackage(
          name,
          entry.version,
          typeof entry.license === 'string' ? [entry.license] : [],
          at,
        ),
      );
    }
    return out;
  }
  const walk = (dependencies: Record<string, unknown> | undefined, depth: number) => {
    if (dependencies === undefined || depth > 64) return;
    for (const [name, value] of Object.entries(dependencies)) {
      const entry = value as { version?: unknown; dependencies?: Record<string, unknown> };
      if (typeof entry?.version === 'string') out.push(npmPackage(name, entry.version, [], at));
      walk(entry?.dependencies, depth + 1);
    }
  };
  walk(lock.dependencies, 0);
  return out;
}

export function pythonPackage(text: string, at: Where): ImagePackage | undefined {
  const headers: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') break; // the body (description) follows the first blank line
    const match = /^([A-Za-z-]+):\s?(.*)$/.exec(line);
    if (match === null) continue;
    (headers[match[1]!.toLowerCase()] ??= []).push(match[2]!.trim());
  }
  const name = headers.name?.[0];
  const version = headers.version?.[0];
  if (name === undefined || version === undefined) return undefined;
  const expression = headers['license-expression']?.[0];
  const license = headers.license?.[0];
  const classifiers = (headers.classifier ?? [])
    .filter((classifier) => classifier.startsWith('License ::'))
    .map((classifier) => classifier.split('::').at(-1)!.trim());
  const licenses =
    expression !== undefined
      ? [expression]
      : license !== undefined && license !== 'UNKNOWN' && !license.includes('\n')
        ? [license]
        : classifiers;
  return {
    ecosystem: 'pypi',
    name,
    version,
    purl: packageUrl('pypi', '', name, version),
    licenses,
    ...at,
  };
}

export function goModulePackages(info: GoBuildInfo, at: Where): ImagePackage[] {
  const out: ImagePackage[] = [];
  const lines = info.modules.split('\n').map((line) => line.split('\t'));
  for (const [index, fields] of lines.entries()) {
    const [kind, path, version] = fields;
    if ((kind !== 'mod' && kind !== 'dep') || path === undefined || version === undefined) continue;
    // A replacement (`=>` on the next line) is what was built in.
    const next = lines[index + 1];
    const [name, used] =
      next?.[0] === '=>' && next[1] !== undefined ? [next[1], next[2] ?? version] : [path, version];
    out.push(goModule(name, used, at));
  }
  const stdlib = /^go(\d+\.\d+(?:\.\d+)?)/.exec(info.goVersion)?.[1];
  if (stdlib !== undefined)
    out.push({
      ...goModule('stdlib', `go${stdlib}`, at),
      purl: packageUrl('golang', '', 'stdlib', stdlib),
    });
  return out;
}

function goModule(module: string, version: string, at: Where): ImagePackage {
  const slash = module.lastIndexOf('/');
  const namespace = slash < 0 ? '' : module.slice(0, slash);
  const name = module.slice(slash + 1);
  // Go records "(devel)" for a main module built outside version control: no version a purl can name.
  const purlVersion = version === '(devel)' ? '' : version;
  return {
    ecosystem: 'golang',
    name: module,
    version,
    purl: packageUrl('golang', namespace, name, purlVersion),
    licenses: [],
    ...at,
  };
}
