import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_KEY_FILE, loadOrCreateLogKey } from './log-key-file.js';

const dirs: string[] = [];
async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'signet-logkey-'));
  dirs.push(d);
  return d;
}

describe('log signing key', () => {
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('generates a P-256 key on first start, private to its owner, and reuses it after', async () => {
    const dataDir = join(await dir(), 'nested', 'tlog');
    const first = await loadOrCreateLogKey(dataDir);
    assert.equal(first.generated, true);
    assert.equal(first.privateKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal((await stat(join(dataDir, GENERATED_KEY_FILE))).mode & 0o777, 0o600);
    const second = await loadOrCreateLogKey(dataDir);
    assert.equal(second.generated, false);
    assert.ok(second.publicKey.equals(first.publicKey));
  });

  it('loads the key given with --key', async () => {
    const path = join(await dir(), 'key.pem');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(path, privateKey.export({ type: 'sec1', format: 'pem' }));
    assert.ok((await loadOrCreateLogKey(await dir(), path)).publicKey.equals(publicKey));
  });

  const bad: [string, () => string | Buffer][] = [
    [
      'an Ed25519 key',
      () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    ],
    [
      'a P-384 key',
      () =>
        generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }),
    ],
    ['text that is not a key', () => 'not a key'],
  ];
  for (const [name, content] of bad) {
    it(`refuses ${name} without echoing the file`, async () => {
      const path = join(await dir(), 'key.pem');
      await writeFile(path, content());
      await assert.rejects(
        loadOrCreateLogKey(await dir(), path),
        (error: Error & { code: string }) => {
          assert.equal(error.code, 'TLOG_LOG_KEY_INVALID');
          assert.ok(!error.message.includes('PRIVATE KEY'));
          return true;
        },
      );
    });
  }

  it('refuses a missing key file', async () => {
    await assert.rejects(loadOrCreateLogKey(await dir(), '/nonexistent/key.pem'), {
      code: 'TLOG_LOG_KEY_INVALID',
    });
  });
});
