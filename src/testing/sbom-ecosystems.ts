/**
 * Package metadata for the SBOM test images, made from real packages by the machine's own
 * tools, never downloaded as images: Debian packages fetched with `apt-get download`
 * whose control fields (read by `dpkg-deb`) become a dpkg status file, with their DEP-5
 * copyright files; an apk installed database holding Alpine 3.20's metadata for a few
 * packages; an npm tree installed from the npm registry (`npm install --ignore-scripts`);
 * a Python package installed by pip; and a Go program built by the machine's Go against a
 * module from the Go module cache. Everything is made in `work`, a temporary directory.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { peersDirectory } from './peers.js';
import type { LayerFile } from './sbom-layers.js';

const run = promisify(execFile);

export const DEBIAN_OS_RELEASE =
  'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n';
export const ALPINE_OS_RELEASE =
  'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n';

/** Small Debian 12 packages; zlib1g has an epoch, several have a Source of another name. */
export const DEBIAN_PACKAGES = ['hello', 'zlib1g', 'libbz2-1.0', 'liblz4-1', 'libfyaml0'];

/** Files of a dpkg status for `names` as apt-get downloads them, with their copyright files. */
export async function debianPackageFiles(
  work: string,
  names: readonly string[] = DEBIAN_PACKAGES,
): Promise<LayerFile[]> {
  const dir = join(work, 'debs');
  await mkdir(dir, { recursive: true });
  await run('apt-get', ['download', ...names], { cwd: dir, timeout: 120_000 });
  const stanzas: string[] = [];
  const files: LayerFile[] = [{ path: 'etc/os-release', content: DEBIAN_OS_RELEASE }];
  for (const deb of (await readdir(dir)).filter((name) => name.endsWith('.deb')).sort()) {
    const { stdout: control } = await run('dpkg-deb', ['--field', join(dir, deb)]);
    const fields = control.trimEnd().split('\n');
    const packageLine = fields.findIndex((line) => line.startsWith('Package:'));
    fields.splice(packageLine + 1, 0, 'Status: install ok installed');
    stanzas.push(fields.join('\n'));
    const name = fields[packageLine]!.slice('Package:'.length).trim();
    const unpacked = join(dir, `${deb}.d`);
    await run('dpkg-deb', ['-x', join(dir, deb), unpacked]);
    const copyright = join(unpacked, 'usr/share/doc', name, 'copyright');
    const exists = await stat(copyright).then(
      () => true,
      () => false,
    );
    if (exists)
      files.push({ path: `usr/share/doc/${name}/copyright`, content: await readFile(copyright) });
  }
  files.push({ path: 'var/lib/dpkg/status', content: `${stanzas.join('\n\n')}\n` });
  return files;
}

/** apk's installed database (apk-package(5) keys) for Alpine 3.20 x86_64 packages. */
export function alpineDatabaseFiles(): LayerFile[] {
  const packages = [
    {
      P: 'musl',
      V: '1.2.5-r0',
      A: 'x86_64',
      L: 'MIT',
      o: 'musl',
      T: 'the musl c library (libc) implementation',
    },
    {
      P: 'busybox',
      V: '1.36.1-r29',
      A: 'x86_64',
      L: 'GPL-2.0-only',
      o: 'busybox',
      T: 'Size optimized toolbox of many common UNIX utilities',
    },
    {
      P: 'ssl_client',
      V: '1.36.1-r29',
      A: 'x86_64',
      L: 'GPL-2.0-only',
      o: 'busybox',
      T: 'EXTERNAL ssl_client for busybox wget',
    },
    {
      P: 'zlib',
      V: '1.3.1-r1',
      A: 'x86_64',
      L: 'Zlib',
      o: 'zlib',
      T: 'A compression/decompression Library',
    },
    {
      P: 'libcrypto3',
      V: '3.3.2-r1',
      A: 'x86_64',
      L: 'Apache-2.0',
      o: 'openssl',
      T: 'Crypto library from openssl',
    },
  ];
  const database = packages
    .map(
      (p) =>
        `C:Q1${'A'.repeat(27)}=\nP:${p.P}\nV:${p.V}\nA:${p.A}\nS:100000\nI:200000\nT:${p.T}\nU:https://alpinelinux.org\nL:${p.L}\no:${p.o}\nm:Alpine Maintainers\nt:1700000000\nc:0000000000000000000000000000000000000000\n`,
    )
    .join('\n');
  return [
    { path: 'etc/os-release', content: ALPINE_OS_RELEASE },
    { path: 'lib/apk/db/installed', content: `${database}\n` },
  ];
}

async function filesUnder(
  root: string,
  prefix: string,
  keep: (path: string) => boolean,
): Promise<LayerFile[]> {
  const out: LayerFile[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && keep(full)) {
        out.push({ path: `${prefix}/${relative(root, full)}`, content: await readFile(full) });
      }
    }
  };
  await walk(root);
  return out;
}

/** An npm application installed from the npm registry: its package.json, lockfile and node_modules metadata. */
export async function npmTreeFiles(work: string): Promise<LayerFile[]> {
  const dir = join(work, 'npm-app');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'sbom-fixture-app', version: '1.0.0', private: true, license: 'MIT' }),
  );
  await run(
    'npm',
    [
      'install',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--save',
      'debug@4.3.4',
      '@sindresorhus/is@4.6.0',
    ],
    {
      cwd: dir,
      timeout: 180_000,
      env: {
        ...process.env,
        npm_config_cache: join(work, 'npm-cache'),
        npm_config_update_notifier: 'false',
      },
    },
  );
  return filesUnder(
    dir,
    'app',
    (path) => path.endsWith('package.json') || path.endsWith('package-lock.json'),
  );
}

/** A Python package installed by pip into site-packages: its dist-info metadata. */
export async function pythonFiles(work: string): Promise<LayerFile[]> {
  const dir = join(work, 'site-packages');
  await run(
    'pip3',
    [
      'install',
      '--quiet',
      '--no-deps',
      '--no-compile',
      '--target',
      dir,
      'six==1.16.0',
      'idna==3.7',
    ],
    {
      timeout: 180_000,
      env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' },
    },
  );
  return filesUnder(dir, 'usr/lib/python3/dist-packages', (path) =>
    /\.dist-info\/(METADATA|RECORD|WHEEL)$/.test(path),
  );
}

/** A Go program built by the machine's Go, depending on a module already in the peers' module cache. */
export async function goBinaryFiles(work: string): Promise<LayerFile[]> {
  const dir = join(work, 'go-app');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'go.mod'),
    'module example.com/sbomfixture\n\ngo 1.22\n\nrequire golang.org/x/xerrors v0.0.0-20200804184101-5ec99f83aff1\n',
  );
  await writeFile(
    join(dir, 'main.go'),
    'package main\n\nimport (\n\t"fmt"\n\n\t"golang.org/x/xerrors"\n)\n\nfunc main() { fmt.Println(xerrors.New("sbom fixture")) }\n',
  );
  const env = {
    ...process.env,
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=mod -buildvcs=false',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOMODCACHE: join(peersDirectory(), 'go', 'mod'),
    GOCACHE: join(peersDirectory(), 'go', 'build'),
  };
  await run('go', ['build', '-trimpath', '-o', join(dir, 'app'), '.'], {
    cwd: dir,
    env,
    timeout: 300_000,
  });
  return [
    { path: 'usr/local/bin/sbom-fixture', content: await readFile(join(dir, 'app')), mode: 0o755 },
  ];
}
