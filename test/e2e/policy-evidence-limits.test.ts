// The policy engine's registry evidence reads `.sig` tags through the same reader and limits
// as `signet verify`: an image signed 32 times with key B and then once with key A is
// allowed by a key-A policy (all 33 read, as verify reads them), and a junk layer beside
// valid ones (a payload over the payload limit) is passed over instead of denying the image.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type PrivateKey } from '../../src/core/keys/index.js';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { CosignMediaType, MAX_PAYLOAD_BYTES } from '../../src/signing/cosign/index.js';
import { cosignSignatureLayer } from '../../src/testing/cosign-evidence.js';
import { pushCosignAttachment, type AttachmentLayer } from '../../src/testing/cosign-attachment.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';

function signature(key: PrivateKey, repo: string, digest: string): AttachmentLayer {
  const layer = cosignSignatureLayer(key, digest, { repository: repo });
  return {
    mediaType: layer.mediaType,
    bytes: layer.payload,
    annotations: { ...layer.annotations },
  };
}

const policy = (glob: string, key: PrivateKey) =>
  [
    'apiVersion: policy.signet.dev/v1beta1',
    'kind: ClusterImagePolicy',
    'metadata:',
    '  name: key-a',
    'spec:',
    '  images:',
    `  - glob: "${glob}"`,
    '  authorities:',
    '  - name: a',
    '    key:',
    '      data: |',
    ...key.publicKey.pem
      .trim()
      .split('\n')
      .map((l) => `        ${l}`),
    '',
  ].join('\n');

for (const target of registryTargets()) {
  describe(
    `registry evidence limits on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let dir: string;
      let keyA: PrivateKey;
      const images: Record<string, string> = {};

      before(async () => {
        registry = await target.start();
        dir = await mkdtemp(join(tmpdir(), 'signet-evidence-limits-'));
        const client = new RegistryClient();
        keyA = await generateKeyPair('ecdsa-p256');
        const keyB = await generateKeyPair('ecdsa-p256');
        const repo = `${registry.host}/team/app`;
        for (const name of ['many', 'junk']) {
          const ref = parseReference(`${repo}:${name}`);
          images[name] = (await pushImage(client, ref, buildImage())).digest;
        }
        const manyB = Array.from({ length: 32 }, () => signature(keyB, repo, images['many']!));
        await pushCosignAttachment(client, repo, images['many']!, 'sig', [
          ...manyB,
          signature(keyA, repo, images['many']!),
        ]);
        const junk: AttachmentLayer = {
          mediaType: CosignMediaType.SimpleSigning,
          bytes: randomBytes(MAX_PAYLOAD_BYTES + 1),
          annotations: { 'dev.cosignproject.cosign/signature': 'AAAA' },
        };
        await pushCosignAttachment(client, repo, images['junk']!, 'sig', [
          junk,
          signature(keyA, repo, images['junk']!),
        ]);
        await writeFile(join(dir, 'policy.yaml'), policy(`${registry.host}/team/**`, keyA));
        await writeFile(join(dir, 'a.pub'), keyA.publicKey.pem);
      });

      after(async () => {
        await registry?.stop();
        await rm(dir, { recursive: true, force: true });
      });

      const image = (name: string) => `${registry.host}/team/app@${images[name]!}`;
      const policyTest = (name: string) =>
        runCli(['policy', 'test', '--policy', join(dir, 'policy.yaml'), image(name)]);
      const verify = (name: string) =>
        runCli(['verify', '--key', join(dir, 'a.pub'), '--insecure-ignore-tlog', image(name)]);

      it('allows the key-A signature that follows 32 key-B ones, as verify does', async () => {
        const tested = await policyTest('many');
        assert.equal(tested.code, 0, tested.stdout + tested.stderr);
        assert.match(tested.stdout, /ALLOWED/);
        const verified = await verify('many');
        assert.equal(verified.code, 0, verified.stderr);
      });

      it('passes over a junk layer and verifies the valid signature beside it', async () => {
        const tested = await policyTest('junk');
        assert.equal(tested.code, 0, tested.stdout + tested.stderr);
        assert.match(tested.stdout, /ALLOWED/);
        const verified = await verify('junk');
        assert.equal(verified.code, 0, verified.stderr);
      });
    },
  );
}
