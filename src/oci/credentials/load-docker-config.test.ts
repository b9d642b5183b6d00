import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeProvider } from './credential.js';
import { defaultDockerConfigPath, loadDockerConfig } from './load-docker-config.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const CONFIG = JSON.stringify({ auths: { 'ghcr.io': { auth: b64('alice:SECRET') } } });

describe('loadDockerConfig', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-docker-config-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads $DOCKER_CONFIG/config.json', async () => {
    const configDir = join(dir, 'from-env');
    await mkdir(configDir);
    await writeFile(join(configDir, 'config.json'), CONFIG);
    const provider = await loadDockerConfig(undefined, {
      DOCKER_CONFIG: configDir,
      HOME: join(dir, 'nohome'),
    });
    assert.deepEqual(provider.credentialFor('ghcr.io'), { username: 'alice', password: 'SECRET' });
  });

  it('reads ~/.docker/config.json when DOCKER_CONFIG is not set', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.docker'), { recursive: true });
    await writeFile(join(home, '.docker', 'config.json'), CONFIG);
    const provider = await loadDockerConfig(undefined, { HOME: home });
    assert.equal(provider.credentialFor('ghcr.io')?.username, 'alice');
  });

  it('reads the path it is given', async () => {
    const file = join(dir, 'given.json');
    await writeFile(file, CONFIG);
    assert.equal((await loadDockerConfig(file, {})).credentialFor('ghcr.io')?.username, 'alice');
  });

  it('gives no logins when the file does not exist', async () => {
    const provider = await loadDockerConfig(undefined, { DOCKER_CONFIG: join(dir, 'missing') });
    assert.equal(provider.credentialFor('ghcr.io'), undefined);
    assert.equal(
      describeProvider(provider),
      `no docker config at ${join(dir, 'missing', 'config.json')}`,
    );
    assert.equal(
      (await loadDockerConfig(join(dir, 'given.json', 'below-a-file'), {})).credentialFor('x.io'),
      undefined,
    );
  });

  it('rejects a malformed file, naming it and not quoting it', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"auths": {"ghcr.io": {"password": "SECRET"}');
    await assert.rejects(loadDockerConfig(file, {}), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CREDENTIALS_INVALID');
      assert.ok(error.message.startsWith(`${file}: is not valid JSON`), error.message);
      assert.ok(!error.message.includes('SECRET'));
      return true;
    });
  });

  it('rejects a directory given as the file', async () => {
    await assert.rejects(loadDockerConfig(dir, {}), {
      code: 'CREDENTIALS_INVALID',
      message: `${dir}: is a directory; give the config.json file inside it`,
    });
  });

  it('rejects a file too large to be a docker config without reading all of it', async () => {
    const file = join(dir, 'huge.json');
    await writeFile(file, Buffer.alloc(1024 * 1024 + 10, 0x20));
    await assert.rejects(loadDockerConfig(file, {}), {
      code: 'CREDENTIALS_INVALID',
      message: /is larger than 1048576 bytes/,
    });
  });

  it('rejects a file that is not UTF-8', async () => {
    const file = join(dir, 'latin1.json');
    await writeFile(file, Buffer.from([0x7b, 0xff, 0x7d]));
    await assert.rejects(loadDockerConfig(file, {}), {
      code: 'CREDENTIALS_INVALID',
      message: /is not UTF-8 text/,
    });
  });
});

describe('defaultDockerConfigPath', () => {
  it('prefers DOCKER_CONFIG, then HOME', () => {
    assert.equal(
      defaultDockerConfigPath({ DOCKER_CONFIG: '/etc/docker-ci', HOME: '/home/a' }),
      '/etc/docker-ci/config.json',
    );
    assert.equal(
      defaultDockerConfigPath({ DOCKER_CONFIG: '', HOME: '/home/a' }),
      '/home/a/.docker/config.json',
    );
  });
});
