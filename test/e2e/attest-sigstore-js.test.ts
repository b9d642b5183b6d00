// sigstore-js (@sigstore/verify) verifies the DSSE bundles Signet writes: `attest-blob
// --bundle` and `attest --layout bundle` referrers, each with a dsse entry in Signet's
// log (SET, inclusion proof and checkpoint), and refuses them with another key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { runCli } from '../../src/testing/run-cli.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { startTemporaryTlogServer } from '../../src/testing/temporary-tlog-server.js';
import type { RunningTlogServer } from '../../src/tlog/server/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { parsePublicKey } from '../../src/core/keys/index.js';
import { bundleKeyHint } from '../../src/signing/bundle/index.js';
import { customTrustedRoot } from '../../src/signing/trust/custom-root.js';

const run = (args: string[]) => runCli(args, { SIGNET_PASSWORD: 'sigstore-js password' });

describe('sigstore-js verifies the DSSE bundles Signet writes', () => {
  let dir: string;
  let log: RunningTlogServer;
  let registry: RunningRegistry;
  let client: RegistryClient;
  let signer: KeyObject;
  let hint: string;
  const file = (name: string) => join(dir, name);

  async function verifier(key: KeyObject): Promise<Verifier> {
    const pem = await (await fetch(`${log.url}/api/v1/log/publicKey`)).text();
    const root = customTrustedRoot({ logKeys: [{ key: createPublicKey(pem) }], logUrl: log.url });
    const trust = toTrustMaterial(root, (seen) => {
      assert.equal(seen, hint, 'the bundle names the key by its hint');
      return { publicKey: key, validFor: () => true };
    });
    return new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 0 });
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signet-attest-sigstore-js-'));
    log = await startTemporaryTlogServer({ batching: { maxBatchDelayMs: 5 } });
    registry = await startInMemoryRegistry();
    client = new RegistryClient();
    assert.equal((await run(['generate-key-pair', '--output-key-prefix', file('ci')])).code, 0);
    const pem = await readFile(file('ci.pub'), 'utf8');
    signer = createPublicKey(pem);
    hint = bundleKeyHint(parsePublicKey(pem, 'ci.pub'));
    await writeFile(file('vuln.json'), JSON.stringify({ scanner: { result: {} } }));
  });
  after(async () => {
    await client.close();
    await registry.stop();
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies the bundle of attest-blob, and refuses it with another key', async () => {
    await writeFile(file('artifact.bin'), 'release artifact');
    const made = await run([
      'attest-blob',
      '--key',
      file('ci.key'),
      '--type',
      'vuln',
      '--predicate',
      file('vuln.json'),
      '--bundle',
      file('artifact.bundle'),
      '--tlog-url',
      log.url,
      '--output-signature',
      file('artifact.att'),
      file('artifact.bin'),
    ]);
    assert.equal(made.code, 0, made.stderr);
    const bundle = bundleFromJSON(JSON.parse(await readFile(file('artifact.bundle'), 'utf8')));
    (await verifier(signer)).verify(toSignedEntity(bundle));
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const other = await verifier(stranger);
    assert.throws(() => other.verify(toSignedEntity(bundle)), /signature verification failed/i);
  });

  it('verifies the bundle attest --layout bundle attaches to an image', async () => {
    const ref = `${registry.host}/acme/app:1.0`;
    const { digest } = await pushImage(client, parseReference(ref), buildImage());
    const made = await run([
      'attest',
      '--key',
      file('ci.key'),
      '--type',
      'vuln',
      '--predicate',
      file('vuln.json'),
      '--layout',
      'bundle',
      '--tlog-url',
      log.url,
      ref,
    ]);
    assert.equal(made.code, 0, made.stderr);
    const subject = { ...parseReference(ref), tag: undefined, digest };
    const referrers = await client.getReferrers(subject);
    const descriptor = referrers.descriptors[0];
    assert.ok(descriptor);
    const manifest = await client.getManifest({ ...subject, digest: descriptor.digest });
    assert.equal(manifest.parsed.kind, 'image');
    const layer = manifest.parsed.kind === 'image' ? manifest.parsed.manifest.layers[0] : undefined;
    const bytes = await client.readBlob(subject, layer!.digest, 1024 * 1024);
    const bundle = bundleFromJSON(JSON.parse(new TextDecoder().decode(bytes)));
    (await verifier(signer)).verify(toSignedEntity(bundle));
    const statement = JSON.parse(
      Buffer.from(
        bundle.content.$case === 'dsseEnvelope' ? bundle.content.dsseEnvelope.payload : [],
      ).toString(),
    ) as { subject: { digest: { sha256: string } }[] };
    assert.equal(statement.subject[0]?.digest.sha256, digest.slice(7));
  });
});
