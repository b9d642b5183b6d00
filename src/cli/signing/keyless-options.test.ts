import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeylessPki } from '../../testing/keyless-pki.js';
import { runCli } from '../../testing/run-cli.js';

const IMAGE = `127.0.0.1:1/app@sha256:${'a'.repeat(64)}`;
const WHO = [
  '--certificate-identity',
  'a@example.com',
  '--certificate-oidc-issuer',
  'https://i.example',
];

describe('signet verify keyless flags', () => {
  let dir: string;
  let chain: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-keyless-flags-'));
    chain = join(dir, 'chain.pem');
    await writeFile(chain, (await createKeylessPki()).chainPem);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, string[], RegExp][] = [
    ['a key together with an identity', ['--key', 'k.pub', ...WHO], /give one of --key/],
    [
      'an identity without an issuer',
      ['--certificate-identity', 'a@example.com'],
      /needs --certificate-oidc-issuer or --certificate-oidc-issuer-regexp/,
    ],
    [
      'an issuer without an identity',
      ['--certificate-oidc-issuer', 'https://i.example'],
      /needs --certificate-identity or --certificate-identity-regexp/,
    ],
    [
      'both an identity and its regexp',
      [...WHO, '--certificate-identity-regexp', 'a'],
      /--certificate-identity and --certificate-identity-regexp cannot both be given/,
    ],
    [
      'a regular expression Go refuses',
      ['--certificate-identity-regexp', '(a', '--certificate-oidc-issuer', 'x'],
      /is not a valid regular expression/,
    ],
    [
      '--ca-intermediates without --ca-roots',
      [...WHO, '--ca-intermediates', 'i.pem'],
      /--ca-intermediates needs --ca-roots/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`refuses ${name} (exit 2)`, async () => {
      const run = await runCli(['verify', ...args, IMAGE]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
    });
  }

  it('refuses --certificate-chain with --ca-roots', async () => {
    const run = await runCli([
      'verify',
      ...WHO,
      '--certificate-chain',
      chain,
      '--ca-roots',
      chain,
      IMAGE,
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /give --certificate-chain or --ca-roots, not both/);
  });

  it('refuses a private CA with no transparency log unless the log is ignored', async () => {
    const run = await runCli(['verify', ...WHO, '--certificate-chain', chain, IMAGE]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /no transparency log is trusted: give --tlog-key FILE/);
  });

  it('refuses a chain file whose last certificate is not a root (exit 3)', async () => {
    const file = join(dir, 'leafless.pem');
    const pki = await createKeylessPki();
    await writeFile(file, pki.intermediatePem);
    const run = await runCli(['verify', ...WHO, '--certificate-chain', file, IMAGE]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /is not a self-signed root/);
  });
});
