import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../../core/errors.js';
import { parseReference } from '../../oci/reference/index.js';
import { MediaType } from '../../oci/manifest/index.js';
import { RegistryClient } from '../../oci/remote/index.js';
import { errorForResponse } from '../../oci/transport/error-body.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../testing/index.js';
import { CosignMediaType } from '../cosign/index.js';
import { emptySignatureManifest, signatureLayerDescriptor } from './signature-manifest.js';
import { appendSignatureLayer, readSignatureManifest } from './write-signature.js';

const encoder = new TextEncoder();

/** The registry's answer to a refused manifest write, with a distribution error code. */
const refusal = (host: string, code: string, message: string) =>
  errorForResponse({
    registry: host,
    status: 400,
    what: 'manifest',
    url: `http://${host}/v2/repo/app/manifests/x`,
    body: encoder.encode(JSON.stringify({ errors: [{ code, message }] })),
  });

function layer(text: string) {
  const payload = encoder.encode(text);
  return {
    payload,
    descriptor: signatureLayerDescriptor(CosignMediaType.SimpleSigning, payload, {
      'dev.cosignproject.cosign/signature': `sig-${text}`,
    }),
  };
}

describe('appending signature layers to a .sig manifest', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let n = 0;
  const tag = () =>
    parseReference(`${registry.host}/repo/app:sha256-${String(++n).padStart(64, '0')}.sig`);
  const noWait = { sleep: async () => {}, settleMs: [0, 0] as const };

  before(async () => {
    registry = await startInMemoryRegistry();
    client = new RegistryClient();
  });
  after(async () => {
    await client.close();
    await registry.stop();
  });

  it('creates the manifest with the empty config and keeps earlier layers when appending', async () => {
    const ref = tag();
    const first = layer('one');
    const second = layer('two');
    await appendSignatureLayer(client, ref, first.payload, first.descriptor, noWait);
    const result = await appendSignatureLayer(
      client,
      ref,
      second.payload,
      second.descriptor,
      noWait,
    );
    assert.equal(result.alreadyPresent, false);
    const read = await readSignatureManifest(client, ref);
    assert.deepEqual(
      read?.manifest.layers.map((l) => l.digest),
      [first.descriptor.digest, second.descriptor.digest],
    );
    assert.deepEqual(read?.manifest.config, emptySignatureManifest().config);
    assert.equal(read?.manifest.mediaType, MediaType.OciManifest);
  });

  it('never duplicates an identical signature', async () => {
    const ref = tag();
    const same = layer('same');
    await appendSignatureLayer(client, ref, same.payload, same.descriptor, noWait);
    const again = await appendSignatureLayer(client, ref, same.payload, same.descriptor, noWait);
    assert.equal(again.alreadyPresent, true);
    assert.equal(again.writes, 0);
    assert.equal((await readSignatureManifest(client, ref))?.manifest.layers.length, 1);
  });

  it('merges its layer back when another signer overwrote the manifest meanwhile', async () => {
    const ref = tag();
    const ours = layer('ours');
    const theirs = layer('theirs');
    await client.putBlob(ref, theirs.payload);
    let raced = false;
    const result = await appendSignatureLayer(client, ref, ours.payload, ours.descriptor, {
      settleMs: [0, 0],
      // The other signer read before our write and writes after it: only its layer survives.
      sleep: async () => {
        if (raced) return;
        raced = true;
        const manifest = { ...emptySignatureManifest(), layers: [theirs.descriptor] };
        await client.putManifest(
          ref,
          encoder.encode(JSON.stringify(manifest)),
          MediaType.OciManifest,
        );
      },
    });
    assert.equal(result.writes, 2);
    const layers = (await readSignatureManifest(client, ref))?.manifest.layers.map((l) => l.digest);
    assert.deepEqual(layers, [theirs.descriptor.digest, ours.descriptor.digest]);
  });

  it('gives up with SIGNATURE_WRITE_LOST after a bounded number of lost writes', async () => {
    const ref = tag();
    const ours = layer('lost');
    const empty = encoder.encode(JSON.stringify(emptySignatureManifest()));
    await assert.rejects(
      appendSignatureLayer(client, ref, ours.payload, ours.descriptor, {
        settleMs: [0, 0],
        maxWrites: 3,
        sleep: async () => void (await client.putManifest(ref, empty, MediaType.OciManifest)),
      }),
      (error: unknown) =>
        isSignetError(error) && error.code === 'SIGNATURE_WRITE_LOST' && error.temporary,
    );
  });

  it('writes again when the registry refuses a write that raced another (DIGEST_INVALID)', async () => {
    const ref = tag();
    const ours = layer('refused-once');
    // What the CNCF distribution registry answers to one of two tag writes landing at once;
    // it happens too rarely to provoke on demand, so this client answers it once.
    let refused = 0;
    const racing = Object.create(client) as RegistryClient;
    racing.putManifest = (...args: Parameters<RegistryClient['putManifest']>) => {
      if (refused++ > 0) return client.putManifest(...args);
      return Promise.reject(
        refusal(registry.host, 'DIGEST_INVALID', 'provided digest did not match uploaded content'),
      );
    };
    const result = await appendSignatureLayer(racing, ref, ours.payload, ours.descriptor, noWait);
    assert.equal(result.writes, 2);
    assert.equal(refused, 2);
    const layers = (await readSignatureManifest(client, ref))?.manifest.layers.map((l) => l.digest);
    assert.deepEqual(layers, [ours.descriptor.digest]);
  });

  it('still fails on any other refusal of the write', async () => {
    const ref = tag();
    const ours = layer('refused-for-good');
    const refusing = Object.create(client) as RegistryClient;
    refusing.putManifest = () =>
      Promise.reject(refusal(registry.host, 'MANIFEST_INVALID', 'manifest invalid'));
    await assert.rejects(
      appendSignatureLayer(refusing, ref, ours.payload, ours.descriptor, noWait),
      (error: unknown) => isSignetError(error) && error.code === 'REGISTRY_REJECTED',
    );
  });
});
