// Key pairs, blob signatures, interoperability with real cosign output, and two signer
// processes racing on one image: the parts of `signet sign`/`verify` around the registry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../../src/testing/run-cli.js';
import { registryTargets } from '../../src/testing/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { readContainersDir } from '../../src/signing/cosign/index.js';
import { encodeSignatureSet } from '../../src/signing/index.js';
import { FIXTURES_DIR, fixturesSkipReason } from '../support/fixtures.js';

const PASSWORD = 's3cret-pass';

const run = (args: string[], env: Record<string, string> = { SIGNET_PASSWORD: PASSWORD }) =>
  runCli(args, env);

/** The CLI in its own process, as a pipeline step runs it. */
function spawnSignet(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const entry =
    "const m = await import('./src/cli/main.ts'); process.exitCode = await m.main(process.argv.slice(1));";
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', entry, ...args],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('signet key pairs and blob signatures', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'signet-keys-'))));
  after(async () => rm(dir, { recursive: true, force: true }));

  it('writes an encrypted cosign key and its public key, and refuses to overwrite them', async () => {
    const prefix = join(dir, 'cosign');
    const made = await run(['generate-key-pair', '--output-key-prefix', prefix]);
    assert.equal(made.code, 0, made.stderr);
    const key = await readFile(`${prefix}.key`, 'utf8');
    assert.match(key, /^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n/);
    const body = JSON.parse(
      Buffer.from(key.split('\n').slice(1, -2).join(''), 'base64').toString(),
    );
    assert.deepEqual(body.kdf.params, { N: 65536, r: 8, p: 1 });
    const printed = await run(['public-key', '--key', `${prefix}.key`]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout, await readFile(`${prefix}.pub`, 'utf8'));

    const again = await run(['generate-key-pair', '--output-key-prefix', prefix]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /KEY_FILE_EXISTS/);
    assert.equal(await readFile(`${prefix}.key`, 'utf8'), key);
    assert.equal(
      (await run(['generate-key-pair', '--output-key-prefix', prefix, '--force'])).code,
      0,
    );
    assert.notEqual(await readFile(`${prefix}.key`, 'utf8'), key);
  });

  it('refuses a wrong password with exit 3 and never prints the password', async () => {
    const prefix = join(dir, 'pw');
    assert.equal((await run(['generate-key-pair', '--output-key-prefix', prefix])).code, 0);
    const wrong = await run(['sign-blob', '--key', `${prefix}.key`, `${prefix}.pub`], {
      COSIGN_PASSWORD: 'not-the-password',
    });
    assert.equal(wrong.code, 3);
    assert.match(wrong.stderr, /KEY_PASSWORD_WRONG/);
    assert.doesNotMatch(wrong.stdout + wrong.stderr, /not-the-password|s3cret-pass/);
  });

  it('asks for a password only on a terminal and fails clearly otherwise', async () => {
    const missing = await run(['generate-key-pair', '--output-key-prefix', join(dir, 'none')], {});
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /PASSWORD_REQUIRED.*SIGNET_PASSWORD/);
    const empty = await run(['generate-key-pair', '--output-key-prefix', join(dir, 'empty')], {
      COSIGN_PASSWORD: '',
    });
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(
      (await run(['public-key', '--key', join(dir, 'empty.key')], { SIGNET_PASSWORD: '' })).code,
      0,
    );
  });

  it('prints the Kubernetes Secret with --dry-run without writing or contacting a cluster', async () => {
    const prefix = join(dir, 'k8s');
    const result = await run([
      'generate-key-pair',
      'k8s://signing/cosign-keys',
      '--dry-run',
      '--output-key-prefix',
      prefix,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const secret = parseYaml(result.stdout);
    assert.equal(secret.kind, 'Secret');
    assert.equal(secret.immutable, true);
    assert.deepEqual(secret.metadata, { name: 'cosign-keys', namespace: 'signing' });
    assert.equal(Buffer.from(secret.data['cosign.password'], 'base64').toString(), PASSWORD);
    assert.match(
      Buffer.from(secret.data['cosign.key'], 'base64').toString(),
      /ENCRYPTED SIGSTORE PRIVATE KEY/,
    );
    assert.equal(existsSync(`${prefix}.pub`), false);
    assert.equal((await run(['generate-key-pair', 'k8s://Bad_Name', '--dry-run'])).code, 2);
  });

  for (const keyType of ['ecdsa-p256', 'ecdsa-p384', 'ed25519']) {
    it(`round-trips sign-blob and verify-blob with an ${keyType} key and rejects a changed file`, async () => {
      const prefix = join(dir, keyType);
      assert.equal(
        (await run(['generate-key-pair', '--key-type', keyType, '--output-key-prefix', prefix]))
          .code,
        0,
      );
      const file = join(dir, `${keyType}.txt`);
      await writeFile(file, 'release artefact\n');
      const signed = await run([
        'sign-blob',
        '--key',
        `${prefix}.key`,
        '--output-signature',
        `${file}.sig`,
        file,
      ]);
      assert.equal(signed.code, 0, signed.stderr);
      assert.equal(signed.stdout.trim(), (await readFile(`${file}.sig`, 'utf8')).trim());
      const verifyBlob = () =>
        run(['verify-blob', '--key', `${prefix}.pub`, '--signature', `${file}.sig`, file]);
      const ok = await verifyBlob();
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stderr, /Verified OK/);
      if (keyType === 'ecdsa-p256') {
        // cosign's scheme: ECDSA DER over SHA-256 of the file, checked here by node:crypto alone.
        const pub = createPublicKey(await readFile(`${prefix}.pub`, 'utf8'));
        assert.ok(
          nodeVerify(
            'sha256',
            await readFile(file),
            pub,
            Buffer.from(signed.stdout.trim(), 'base64'),
          ),
        );
      }
      await writeFile(file, 'release artefact, altered\n');
      const bad = await verifyBlob();
      assert.equal(bad.code, 12);
      assert.match(bad.stderr, /BLOB_SIGNATURE_INVALID/);
    });
  }
});

describe('verification of a real cosign signature', () => {
  const skip = fixturesSkipReason('containers-image/dir-img-cosign-valid');
  it(
    'verifies the cosign-made signature of the containers-image fixture offline',
    { skip },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'signet-fixture-'));
      try {
        const fixtures = join(FIXTURES_DIR, 'containers-image');
        const image = await readContainersDir(join(fixtures, 'dir-img-cosign-valid'));
        const layers = image.signatures.flatMap((s) => (s.kind === 'sigstore' ? [s.layer] : []));
        const set = {
          imageDigest: image.manifestDigest,
          legacy: {
            reference: 'dir:dir-img-cosign-valid',
            manifestDigest: image.manifestDigest,
            layers,
          },
          bundles: [],
          problems: [],
        };
        const file = join(dir, 'set.json');
        await writeFile(file, encodeSignatureSet(set));
        const ref = `192.168.64.2:5000/cosign-signed-single-sample@${image.manifestDigest}`;
        const verifyOffline = (...args: string[]) =>
          run(['verify', '--offline', '--signatures', file, ...args, ref]);
        const ok = await verifyOffline('--key', join(fixtures, 'cosign.pub'), '--check-reference');
        assert.equal(ok.code, 0, ok.stderr);
        const other = await verifyOffline('--key', join(fixtures, 'cosign2.pub'));
        assert.equal(other.code, 12);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

for (const target of registryTargets()) {
  describe(`two signers racing on the ${target.name} registry`, { skip: target.skipReason }, () => {
    it('keeps both signatures when two processes sign the same image at once', async () => {
      const registry = await target.start();
      const client = new RegistryClient();
      const dir = await mkdtemp(join(tmpdir(), 'signet-race-'));
      try {
        for (const name of ['a', 'b'])
          assert.equal(
            (await run(['generate-key-pair', '--output-key-prefix', join(dir, name)])).code,
            0,
          );
        const ref = `${registry.host}/race/app:1.0`;
        const { digest } = await pushImage(client, parseReference(ref), buildImage());
        const env = { SIGNET_PASSWORD: PASSWORD };
        const [a, b] = await Promise.all([
          spawnSignet(['sign', '--key', join(dir, 'a.key'), ref], env),
          spawnSignet(['sign', '--key', join(dir, 'b.key'), ref], env),
        ]);
        assert.equal(a.code, 0, a.stderr);
        assert.equal(b.code, 0, b.stderr);
        const sig = await client.getManifest(
          parseReference(`${registry.host}/race/app:sha256-${digest.slice(7)}.sig`),
        );
        assert.equal(sig.parsed.kind === 'image' ? sig.parsed.manifest.layers.length : 0, 2);
        for (const name of ['a', 'b'])
          assert.equal(
            (await run(['verify', '--key', join(dir, `${name}.pub`), ref])).code,
            0,
            name,
          );
      } finally {
        await client.close();
        await registry.stop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
