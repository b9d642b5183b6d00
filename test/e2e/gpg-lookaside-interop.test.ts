// GPG simple signing through lookaside stores, against the real tools: an image signed by
// `skopeo copy --sign-by` is verified by `signet gpg verify` and allowed by
// `signet policy-json check`; an image signed by Signet and uploaded to `signet serve
// lookaside` is allowed by `skopeo copy --policy`. Wrong keys and unsigned images are
// rejected by both. Real distribution registry, throwaway GNUPGHOME.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import {
  parseTokenFile,
  startLookasideServer,
  type RunningLookasideServer,
} from '../../src/signing/lookaside/server/index.js';
import { captureConsole } from '../../src/testing/capture-console.js';
import {
  realRegistrySkipReason,
  startDistributionRegistry,
  type RunningRegistry,
} from '../../src/testing/index.js';

const exec = promisify(execFile);
const TOKEN = 'upload-token-'.padEnd(40, 'x');
const skip =
  realRegistrySkipReason() ??
  (process.env.SIGNET_SKIP_INTEROP === '1' ? 'SIGNET_SKIP_INTEROP=1' : undefined);

let dir = '';
let home = '';
let registry: RunningRegistry;
let client: RegistryClient;
let server: RunningLookasideServer;
const keys = { trusted: '', other: '', trustedFpr: '' };
let counter = 0;
let copies = 0;

const path = (name: string) => join(dir, name);
async function tool(file: string, args: string[]) {
  return exec(file, args, {
    env: { ...process.env, GNUPGHOME: home },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
    encoding: 'buffer',
  });
}
/** Exit status of a tool, 0 on success; its stderr for the assertion message. */
async function status(file: string, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await tool(file, args);
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code?: number; stderr?: Buffer };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stderr: e.stderr?.toString() ?? String(error),
    };
  }
}
async function signet(args: string[]) {
  const console = captureConsole();
  const code = await main(args, { console, env: {} });
  return { code, stdout: console.stdout, stderr: console.stderr };
}
async function newKey(name: string): Promise<string> {
  await tool('gpg', [
    '--batch',
    '--passphrase',
    '',
    '--quick-gen-key',
    `${name} <${name}@signet.test>`,
    'ed25519',
    'sign',
    'never',
  ]);
  const { stdout } = await tool('gpg', ['--with-colons', '--list-keys', `${name}@signet.test`]);
  return /^fpr:{9}([0-9A-F]{40}):/m.exec(stdout.toString())![1]!;
}
async function pushFresh(repository: string): Promise<string> {
  counter += 1;
  const ref = `${registry.host}/${repository}${counter}:1.0`;
  await pushImage(client, parseReference(ref), buildImage({ layers: 1, layerBytes: 64 }));
  return ref;
}
async function writeJson(name: string, value: unknown): Promise<string> {
  await writeFile(path(name), JSON.stringify(value));
  return path(name);
}
const signedBy = (keyPath: string) => ({
  default: [{ type: 'signedBy', keyType: 'GPGKeys', keyPath }],
});
/** `skopeo copy` of `ref` into a fresh folder under the policy and registries.d given by name. */
const skopeoCopy = (policy: string, registriesD: string, ref: string) =>
  status('skopeo', [
    'copy',
    '--quiet',
    '--policy',
    path(policy),
    '--registries.d',
    path(registriesD),
    '--src-tls-verify=false',
    `docker://${ref}`,
    `dir:${path(`out-${(copies += 1)}`)}`,
  ]);
const gpgVerify = (keyring: string, registriesD: string, ref: string) =>
  signet(['gpg', 'verify', '--keyring', keyring, '--registries-d', path(registriesD), ref]);
const policyCheck = (policy: string, registriesD: string, ref: string) =>
  signet([
    'policy-json',
    'check',
    '--policy',
    path(policy),
    '--registries-d',
    path(registriesD),
    ref,
  ]);
/** `signet <command…> --gpg-key <secret>` uploading to the lookaside server. */
const signAndUpload = (command: string[], secretKey: string, ref: string) =>
  signet([
    ...command,
    '--gpg-key',
    path(secretKey),
    '--upload',
    server.url,
    '--upload-token-file',
    path('token'),
    ref,
  ]);
/** Writes a key exported by gpg (public binary, or secret armored) to `file`. */
async function exportKey(name: string, file: string, secret = false) {
  const args = secret
    ? [
        '--batch',
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        '',
        '--armor',
        '--export-secret-keys',
      ]
    : ['--export'];
  await writeFile(path(file), (await tool('gpg', [...args, `${name}@signet.test`])).stdout);
}

describe('GPG simple signing with skopeo and lookaside stores', { skip }, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-gpg-e2e-'));
    home = join(dir, 'gnupg');
    await exec('mkdir', ['-m', '700', home]);
    registry = await startDistributionRegistry();
    client = new RegistryClient();
    keys.trustedFpr = await newKey('trusted');
    await newKey('other');
    await exportKey('trusted', 'trusted.gpg');
    await exportKey('other', 'other.gpg');
    await exportKey('trusted', 'trusted-secret.asc', true);
    await exportKey('other', 'other-secret.asc', true);
    keys.trusted = path('trusted.gpg');
    keys.other = path('other.gpg');
    await writeFile(path('tokens'), `${TOKEN}\n`);
    await writeFile(path('token'), `${TOKEN}\n`);
    server = await startLookasideServer({
      storage: path('served'),
      tokens: parseTokenFile(TOKEN, 'tokens'),
    });
    await exec('mkdir', ['-p', path('staging-d'), path('server-d')]);
    const staging = pathToFileURL(path('staging')).href;
    await writeFile(
      path('staging-d/default.yaml'),
      `default-docker:\n  lookaside: ${staging}\n  lookaside-staging: ${staging}\n`,
    );
    await writeFile(
      path('server-d/default.yaml'),
      `docker:\n  ${registry.host}:\n    lookaside: ${server.url}\n`,
    );
    await writeJson('accept.json', { default: [{ type: 'insecureAcceptAnything' }] });
    await writeJson('trusted.json', signedBy(keys.trusted));
    await writeJson('other.json', signedBy(keys.other));
  });
  after(async () => {
    await server?.close();
    await client?.close();
    await registry?.stop();
    if (home !== '') await tool('gpgconf', ['--kill', 'gpg-agent']).catch(() => undefined);
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('verifies and allows an image signed by skopeo copy --sign-by into a file:// lookaside', async () => {
    const ref = await pushFresh('skopeo/app');
    const signed = await status('skopeo', [
      'copy',
      '--quiet',
      '--policy',
      path('accept.json'),
      '--registries.d',
      path('staging-d'),
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--sign-by',
      keys.trustedFpr,
      `docker://${ref}`,
      `docker://${ref}`,
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    const verified = await signet([
      'verify',
      '--gpg-keyring',
      keys.trusted,
      '--registries-d',
      path('staging-d'),
      ref,
    ]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, new RegExp(`verified .* by key ${keys.trustedFpr}`));
    const allowed = await policyCheck('trusted.json', 'staging-d', ref);
    assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
    assert.match(allowed.stdout, /^allowed /);

    const wrongKey = await gpgVerify(keys.other, 'staging-d', ref);
    assert.equal(wrongKey.code, 12);
    assert.match(wrongKey.stderr, /GPG_IMAGE_NOT_VERIFIED.*not in the trusted keyring/);
    const rejected = await policyCheck('other.json', 'staging-d', ref);
    assert.equal(rejected.code, 12);
    assert.match(rejected.stdout, /FAIL 1\. signedBy: .*not in the trusted keyring/);
  });

  it('rejects an unsigned image in signet and skopeo alike', async () => {
    const ref = await pushFresh('unsigned/app');
    const verified = await gpgVerify(keys.trusted, 'staging-d', ref);
    assert.equal(verified.code, 10, 'no signatures: exit 10, as cosign');
    assert.match(verified.stderr, /GPG_IMAGE_UNSIGNED/);
    const checked = await policyCheck('trusted.json', 'staging-d', ref);
    assert.equal(checked.code, 12);
    assert.match(checked.stdout, /no signature exists/);
    const copied = await skopeoCopy('trusted.json', 'staging-d', ref);
    assert.notEqual(copied.code, 0);
    assert.match(copied.stderr, /signature/i);
  });

  it('has skopeo accept an image Signet signed and uploaded to signet serve lookaside', async () => {
    const ref = await pushFresh('signet/app');
    const signed = await signAndUpload(['sign'], 'trusted-secret.asc', ref);
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, new RegExp(`signed ${ref.replace(/[.]/g, '\\.')} .*signature-1`));
    const copied = await skopeoCopy('trusted.json', 'server-d', ref);
    assert.equal(copied.code, 0, copied.stderr);
    const wrongKey = await skopeoCopy('other.json', 'server-d', ref);
    assert.notEqual(wrongKey.code, 0);
    const verified = await gpgVerify(keys.trusted, 'server-d', ref);
    assert.equal(verified.code, 0, verified.stderr);
  });

  it('has skopeo reject an image signed by Signet with another key', async () => {
    const ref = await pushFresh('signet/other');
    const signed = await signAndUpload(['gpg', 'sign'], 'other-secret.asc', ref);
    assert.equal(signed.code, 0, signed.stderr);
    const copied = await skopeoCopy('trusted.json', 'server-d', ref);
    assert.notEqual(copied.code, 0);
    const checked = await policyCheck('trusted.json', 'server-d', ref);
    assert.equal(checked.code, 12);
  });

  it('writes to a folder given with --lookaside and reads it back', async () => {
    const ref = await pushFresh('folder/app');
    const store = path('folder-store');
    const signed = await signet([
      'gpg',
      'sign',
      '--gpg-key',
      path('trusted-secret.asc'),
      '--lookaside',
      store,
      '-o',
      'json',
      ref,
    ]);
    assert.equal(signed.code, 0, signed.stderr);
    const [result] = JSON.parse(signed.stdout) as { stored: { index: number; url: string } }[];
    assert.equal(result!.stored.index, 1);
    const verified = await signet([
      'gpg',
      'verify',
      '--keyring',
      keys.trusted,
      '--lookaside',
      store,
      ref,
    ]);
    assert.equal(verified.code, 0, verified.stderr);
  });
});
