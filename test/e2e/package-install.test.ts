// The npm package as users get it: packed from the current sources, installed into an
// empty prefix with its runtime dependencies from the registry, and run from a directory
// outside the checkout, so a file missing from `files`, a dependency only the checkout
// has, or an install script that needs the sources fails here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve('.');
// Installing runs better-sqlite3's install script and fetches dependencies on a cold cache.
const INSTALL_TIMEOUT_MS = 15 * 60 * 1000;

interface Packed {
  tarball: string;
  files: string[];
}

/** What `npm pack` would put in the package, listed without running the build. */
async function packedFileList(): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
  });
  const [result] = JSON.parse(stdout) as { files: { path: string }[] }[];
  return result!.files.map((file) => file.path);
}

/**
 * Packs the package from a staging copy with its own fresh build, the same files
 * `npm pack` takes from the checkout: rebuilding the checkout's dist/ (as `prepare`
 * does) would pull it from under other processes running it.
 */
async function pack(work: string): Promise<Packed> {
  const stage = join(work, 'stage');
  for (const path of (await packedFileList()).filter((p) => !p.startsWith('dist/'))) {
    await mkdir(dirname(join(stage, path)), { recursive: true });
    await copyFile(join(ROOT, path), join(stage, path));
  }
  await run(process.execPath, ['scripts/build.mjs', join(stage, 'dist')], { cwd: ROOT });
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', work],
    { cwd: stage },
  );
  const [result] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(work, result!.filename), files: result!.files.map((f) => f.path) };
}

/**
 * better-sqlite3's install script (prebuild-install) takes a prebuilt binary from a
 * local directory before it tries GitHub and then a minutes-long compile; offering it
 * the binary this checkout already built for the same Node keeps the install real and
 * fast. On another platform or Node the name does not match and the script does what
 * it does for users.
 */
async function localSqlitePrebuilds(work: string): Promise<string> {
  const dir = join(work, 'prebuilds');
  await mkdir(dir);
  const module = join(ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(await readFile(join(module, 'package.json'), 'utf8')) as {
    version: string;
  };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(dir, name), '-C', module, 'build/Release/better_sqlite3.node']);
  return dir;
}

/** The environment of a user's shell: this Node first on PATH, nothing from the checkout. */
function userEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  for (const name of Object.keys(env)) {
    if (name.startsWith('npm_package_') || name.startsWith('npm_lifecycle_')) delete env[name];
  }
  env.PATH = [dirname(process.execPath), env.PATH].join(delimiter);
  return env;
}

describe('the npm package', () => {
  let work: string;
  let packed: Packed;
  let prefix: string;
  let signetBin: string;
  let env: NodeJS.ProcessEnv;

  before(
    async () => {
      work = await mkdtemp(join(tmpdir(), 'signet-package-'));
      await mkdir(join(work, 'home'));
      env = userEnv(join(work, 'home'));
      packed = await pack(work);
      prefix = join(work, 'prefix');
      await mkdir(prefix);
      const prebuilds = await localSqlitePrebuilds(work);
      await run(
        'npm',
        [
          'install',
          '--prefix',
          prefix,
          packed.tarball,
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
        ],
        {
          cwd: work,
          env: { ...env, npm_config_better_sqlite3_local_prebuilds: prebuilds },
          // npm keeps its cache in the real HOME, shared with every other install.
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      signetBin = join(prefix, 'node_modules', '.bin', 'signet');
    },
    { timeout: INSTALL_TIMEOUT_MS },
  );

  after(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  async function signet(args: string[], cwd = join(work, 'home'), extra: NodeJS.ProcessEnv = {}) {
    return run(signetBin, args, { cwd, env: { ...env, ...extra } });
  }

  it('ships the executable, its bundle and the Kubernetes manifests, without sources or tests', () => {
    for (const path of ['bin/signet.js', 'dist/main.js', 'package.json', 'README.md']) {
      assert.ok(packed.files.includes(path), `${path} is in the package`);
    }
    assert.ok(
      packed.files.some((path) => path.startsWith('deploy/')),
      'deploy/ manifests are in the package',
    );
    const unwanted = packed.files.filter((path) =>
      /^(src|test|bench|scripts|node_modules)\//.test(path),
    );
    assert.deepEqual(unwanted, []);
  });

  it('prints the version of the package it was installed from', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const { stdout } = await signet(['version']);
    assert.match(stdout, new RegExp(`^signet ${manifest.version.replaceAll('.', '\\.')} \\(node `));
  });

  it('lists its commands in --help', async () => {
    const { stdout } = await signet(['--help']);
    for (const command of ['sign', 'verify', 'generate-key-pair', 'policy', 'serve']) {
      assert.match(stdout, new RegExp(`^\\s+${command} `, 'm'), `--help lists ${command}`);
    }
  });

  it('generates a cosign key pair in the current directory', async () => {
    const dir = await mkdtemp(join(work, 'keys-'));
    await signet(['generate-key-pair'], dir, { SIGNET_PASSWORD: 'correct horse' });
    const privateKey = await readFile(join(dir, 'cosign.key'), 'utf8');
    const publicKey = await readFile(join(dir, 'cosign.pub'), 'utf8');
    assert.match(privateKey, /^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
    assert.match(publicKey, /^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('loads its native SQLite driver, which the log and decision store run on', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import Database from 'better-sqlite3'; console.log(new Database(':memory:').prepare('select 41 + 1 as n').get().n);",
      ],
      { cwd: join(prefix, 'node_modules', 'signet'), env },
    );
    assert.equal(stdout.trim(), '42');
  });
});
