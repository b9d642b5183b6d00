import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignetError } from '../../core/errors.js';
import { parseDockerConfig } from './docker-config.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const PASSWORD = 'pa:ss:w0rd-SECRET';
const SOURCE = '/home/ci/.docker/config.json';

function config(auths: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ auths, ...extra });
}

/** The error's message and details, checked to carry no secret from the input. */
function rejects(json: string, ...fragments: string[]): void {
  assert.throws(
    () => parseDockerConfig(json, SOURCE),
    (error: unknown) => {
      assert.ok(error instanceof SignetError);
      assert.equal(error.code, 'CREDENTIALS_INVALID');
      assert.equal(error.category, 'config');
      assert.ok(error.message.startsWith(`${SOURCE}: `), error.message);
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), error.message);
      const everything = JSON.stringify(error.toJSON());
      for (const secret of [PASSWORD, 'SECRET', b64(`alice:${PASSWORD}`)]) {
        assert.ok(!everything.includes(secret), `error leaks a secret: ${everything}`);
      }
      return true;
    },
  );
}

describe('parseDockerConfig', () => {
  /** auths key → registry asked for */
  const KEYS: ReadonlyArray<readonly [string, string]> = [
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/v2/', 'ghcr.io'],
    ['http://localhost:5000', 'localhost:5000'],
    ['GHCR.IO', 'ghcr.io'],
    ['registry.example.com:5000/team', 'registry.example.com:5000'],
    ['[::1]:5000', '[::1]:5000'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['https://index.docker.io/v1/', 'registry-1.docker.io'],
    ['docker.io', 'https://index.docker.io/v1/'],
  ];
  for (const [key, registry] of KEYS) {
    it(`finds a login stored under ${key} when asked for ${registry}`, () => {
      const provider = parseDockerConfig(
        config({ [key]: { auth: b64(`alice:${PASSWORD}`) } }),
        SOURCE,
      );
      assert.deepEqual(provider.credentialFor(registry), { username: 'alice', password: PASSWORD });
    });
  }

  it('keeps every ":" after the first in the password', () => {
    const provider = parseDockerConfig(config({ 'ghcr.io': { auth: b64('bob:a:b::c') } }), SOURCE);
    assert.deepEqual(provider.credentialFor('ghcr.io'), { username: 'bob', password: 'a:b::c' });
  });

  it('reads separate username and password fields', () => {
    const provider = parseDockerConfig(
      config({ 'ghcr.io': { username: 'carol', password: PASSWORD, email: 'c@example.com' } }),
      SOURCE,
    );
    assert.deepEqual(provider.credentialFor('ghcr.io'), { username: 'carol', password: PASSWORD });
  });

  it('prefers auth over username and password, as docker does', () => {
    const provider = parseDockerConfig(
      config({ 'ghcr.io': { auth: b64('from-auth:x'), username: 'field', password: 'y' } }),
      SOURCE,
    );
    assert.equal(provider.credentialFor('ghcr.io')?.username, 'from-auth');
  });

  it('reads identity and registry tokens', () => {
    const provider = parseDockerConfig(
      config({
        'a.example': { auth: b64('<token>:'), identitytoken: 'refresh-SECRET' },
        'b.example': { registrytoken: 'bearer-SECRET' },
      }),
      SOURCE,
    );
    assert.deepEqual(provider.credentialFor('a.example'), {
      username: '<token>',
      identityToken: 'refresh-SECRET',
    });
    assert.deepEqual(provider.credentialFor('b.example'), { registryToken: 'bearer-SECRET' });
  });

  it('gives no login for registries not listed, and for empty entries', () => {
    const provider = parseDockerConfig(config({ 'ghcr.io': {}, 'quay.io': { auth: '' } }), SOURCE);
    assert.equal(provider.credentialFor('ghcr.io'), undefined);
    assert.equal(provider.credentialFor('quay.io'), undefined);
    assert.equal(provider.credentialFor('docker.io'), undefined);
  });

  it('accepts a config without auths, and a byte-order mark', () => {
    assert.equal(parseDockerConfig('{}', SOURCE).credentialFor('ghcr.io'), undefined);
    const provider = parseDockerConfig(
      `\uFEFF${config({ 'ghcr.io': { auth: b64('a:b') } })}`,
      SOURCE,
    );
    assert.equal(provider.credentialFor('ghcr.io')?.username, 'a');
  });

  it('uses the first login in file order when two keys name the same registry', () => {
    const provider = parseDockerConfig(
      config({
        'https://index.docker.io/v1/': { auth: b64('first:1') },
        'docker.io': { auth: b64('second:2') },
      }),
      SOURCE,
    );
    assert.equal(provider.credentialFor('docker.io')?.username, 'first');
  });

  it('rejects an auth that is not base64', () => {
    rejects(config({ 'ghcr.io': { auth: 'not base64!' } }), 'auths["ghcr.io"].auth is not base64');
  });

  it('rejects an auth without ":" between user name and password', () => {
    rejects(
      config({ 'ghcr.io': { auth: b64('aliceSECRET') } }),
      'auths["ghcr.io"].auth does not decode to "username:password" (it has no ":")',
    );
  });

  it('rejects an auth that decodes to bytes that are not UTF-8', () => {
    rejects(
      config({ 'ghcr.io': { auth: Buffer.from([0xff, 0x3a, 0xfe]).toString('base64') } }),
      'is not base64 of UTF-8',
    );
  });

  it('rejects fields of the wrong type, listing every problem', () => {
    rejects(
      JSON.stringify({
        auths: {
          'ghcr.io': { auth: 42, password: ['SECRET'] },
          'quay.io': 'SECRET',
          'https://': {},
        },
        credHelpers: { 'gcr.io': 1 },
        credsStore: true,
      }),
      'auths["ghcr.io"].auth must be a string',
      'auths["ghcr.io"].password must be a string',
      'auths["quay.io"] must be an object',
      'auths["https://"]: the key does not name a registry host',
      'credHelpers["gcr.io"] must be a string',
      'credsStore must be a string',
    );
  });

  it('rejects auths that is not an object', () => {
    rejects(JSON.stringify({ auths: [] }), 'auths must be an object');
  });

  it('rejects malformed JSON with its position and without quoting the text', () => {
    rejects(`{\n  "auths": { "ghcr.io": { "password": "${PASSWORD}" } \n}`, 'is not valid JSON');
    rejects(
      `{"auths": {"x": {"password": "${PASSWORD}"}}, SECRET}`,
      'is not valid JSON at line 1, column',
    );
  });

  it('rejects JSON that is not an object', () => {
    rejects('["SECRET"]', 'must be a JSON object');
    rejects('null', 'must be a JSON object');
  });

  it('rejects a text too large to be a docker config', () => {
    rejects(' '.repeat(1024 * 1024 + 1), 'a docker config is at most 1048576');
  });
});

describe('parseDockerConfig with credential helpers', () => {
  const ERROR = { code: 'CREDENTIALS_UNSUPPORTED', category: 'config' };

  it('uses an inline login even when a helper is named for the registry', () => {
    const provider = parseDockerConfig(
      config(
        { 'gcr.io': { auth: b64('u:p') } },
        { credHelpers: { 'gcr.io': 'gcloud' }, credsStore: 'desktop' },
      ),
      SOURCE,
    );
    assert.deepEqual(provider.credentialFor('gcr.io'), { username: 'u', password: 'p' });
  });

  it('reports a registry whose login is kept by credHelpers, naming the helper and the fixes', () => {
    const provider = parseDockerConfig(config({}, { credHelpers: { 'gcr.io': 'gcloud' } }), SOURCE);
    assert.throws(() => provider.credentialFor('gcr.io'), {
      ...ERROR,
      message: new RegExp(
        `^${SOURCE}: the login for gcr.io is kept by the docker credential helper "docker-credential-gcloud", which Signet does not run; pass --registry-username`,
      ),
    });
  });

  it('reports a registry that docker login stored in credsStore', () => {
    const provider = parseDockerConfig(
      config({ 'https://index.docker.io/v1/': {} }, { credsStore: 'desktop' }),
      SOURCE,
    );
    assert.throws(() => provider.credentialFor('docker.io'), {
      ...ERROR,
      message: /docker-credential-desktop/,
    });
  });

  it('leaves registries the helpers do not hold anonymous, so public images still work', () => {
    const provider = parseDockerConfig(
      config({ 'ghcr.io': {} }, { credHelpers: { 'gcr.io': 'gcloud' }, credsStore: 'desktop' }),
      SOURCE,
    );
    assert.equal(provider.credentialFor('quay.io'), undefined);
    assert.equal(provider.credentialFor('docker.io'), undefined);
  });
});
