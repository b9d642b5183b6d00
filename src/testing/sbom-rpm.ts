/**
 * A real rpm database for the SBOM test images, written by rpm itself (Debian's `rpm`
 * package, 4.18, SQLite backend): tiny spec files are built into binary packages by
 * `rpmbuild -bb` in `work` (no sources, no network), then recorded with
 * `rpm --root <image> --initdb` and `rpm -i --justdb`, so `var/lib/rpm/rpmdb.sqlite` holds
 * the header blobs rpm wrote. scripts/setup.sh --test installs rpm; without it the lookup
 * throws under CI=true and gives a skip reason otherwise.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { LayerFile } from './sbom-layers.js';

const run = promisify(execFile);

export const RHEL_OS_RELEASE =
  'NAME="Red Hat Enterprise Linux"\nVERSION="9.3 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"\n';

interface RpmFixture {
  readonly name: string;
  readonly version: string;
  readonly release: string;
  readonly epoch?: number;
  readonly license: string;
}

/** One package without an epoch, one with an epoch and a distribution release tag, one noarch. */
export const RPM_FIXTURES: readonly RpmFixture[] = [
  { name: 'sbom-hello', version: '1.2.3', release: '4', license: 'MIT' },
  { name: 'sbom-tools', version: '2.0', release: '1.el9', epoch: 3, license: 'Apache-2.0' },
  { name: 'sbom-data', version: '0.9.1', release: '2.el9', license: 'GPL-2.0-only' },
];

export interface RpmToolsLookup {
  readonly skipReason?: string;
}

/** Whether rpm and rpmbuild are on PATH; throws under CI=true when they are not. */
export function findRpmTools(): RpmToolsLookup {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const missing = ['rpm', 'rpmbuild'].filter(
    (tool) => !dirs.some((dir) => existsSync(join(dir, tool))),
  );
  if (missing.length === 0) return {};
  const reason = `${missing.join(' and ')} not on PATH: install the Debian package "rpm" (scripts/setup.sh --test)`;
  if (process.env.CI === 'true')
    throw new Error(`${reason} (a missing peer fails the run under CI)`);
  return { skipReason: reason };
}

function specOf(fixture: RpmFixture): string {
  const arch = fixture.name === 'sbom-data' ? 'noarch' : 'x86_64';
  return [
    `Name: ${fixture.name}`,
    `Version: ${fixture.version}`,
    `Release: ${fixture.release}`,
    ...(fixture.epoch === undefined ? [] : [`Epoch: ${fixture.epoch}`]),
    'Summary: Signet SBOM fixture',
    `License: ${fixture.license}`,
    `BuildArch: ${arch}`,
    '%description',
    'A package with no files, built to give the SBOM tests a database rpm wrote.',
    '%files',
    '',
  ].join('\n');
}

/** os-release and the rpm database rpm itself writes after `rpm -i --justdb` of the fixtures. */
export async function rpmDatabaseFiles(work: string): Promise<LayerFile[]> {
  const top = join(work, 'rpmbuild');
  const root = join(work, 'rpm-root');
  await mkdir(join(top, 'SPECS'), { recursive: true });
  await mkdir(root, { recursive: true });
  const specs: string[] = [];
  for (const fixture of RPM_FIXTURES) {
    const spec = join(top, 'SPECS', `${fixture.name}.spec`);
    await writeFile(spec, specOf(fixture));
    specs.push(spec);
  }
  const env = { PATH: process.env.PATH, HOME: work, LANG: 'C' };
  await run(
    'rpmbuild',
    ['-bb', '--define', `_topdir ${top}`, '--define', '_build_id_links none', ...specs],
    { env, timeout: 120_000 },
  );
  const packages: string[] = [];
  for (const arch of await readdir(join(top, 'RPMS'))) {
    for (const file of await readdir(join(top, 'RPMS', arch))) {
      if (file.endsWith('.rpm')) packages.push(join(top, 'RPMS', arch, file));
    }
  }
  const database = ['--root', root, '--dbpath', '/var/lib/rpm'];
  await run('rpm', [...database, '--initdb'], { env, timeout: 60_000 });
  await run(
    'rpm',
    [...database, '-i', '--nodeps', '--justdb', '--ignorearch', '--ignoreos', ...packages],
    { env, timeout: 60_000 },
  );
  return [
    { path: 'etc/os-release', content: RHEL_OS_RELEASE },
    {
      path: 'var/lib/rpm/rpmdb.sqlite',
      content: await readFile(join(root, 'var/lib/rpm/rpmdb.sqlite')),
    },
  ];
}
