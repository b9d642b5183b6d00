import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair } from '../core/keys/index.js';
import { buildImage, buildIndex, pushImage } from '../oci/build/index.js';
import { parseReference, withDigest, type ImageReference } from '../oci/reference/index.js';
import { RegistryClient } from '../oci/remote/index.js';
import { CosignAnnotation, CosignMediaType } from '../signing/cosign/index.js';
import { pushCosignAttachment } from '../testing/cosign-attachment.js';
import { inTotoEnvelope } from '../testing/cosign-evidence.js';
import { startInMemoryRegistry, type RunningRegistry } from '../testing/index.js';
import { registryEvidence } from './registry-evidence.js';
import { gatherSecurityEvidence } from './security-evidence.js';

describe('gathering SecurityPolicy evidence from a registry', () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  const pinned = async (name: string, image: Parameters<typeof pushImage>[2]) => {
    const ref = parseReference(`${registry.host}/team/${name}:1.0`);
    const { digest } = await pushImage(client, ref, image);
    return withDigest(ref, digest) as ImageReference & { digest: string };
  };
  const gather = (image: ImageReference & { digest: string }) =>
    gatherSecurityEvidence({
      client,
      image,
      registry: registryEvidence({ client, readSecret: () => Promise.reject(new Error('none')) }),
    });

  before(async () => {
    registry = await startInMemoryRegistry();
    client = new RegistryClient();
  });
  after(async () => {
    await client.close();
    await registry.stop();
  });

  it('reads creation time and labels from the image configuration, and no SBOM when none is attached', async () => {
    const image = await pinned(
      'plain',
      buildImage({ labels: { owner: 'team-a' }, created: new Date('2026-11-01T00:00:00Z') }),
    );
    const evidence = await gather(image);
    assert.deepEqual(evidence.config, {
      labels: { owner: 'team-a' },
      created: '2026-11-01T00:00:00.000Z',
    });
    assert.equal(evidence.sbom, undefined);
    assert.equal(evidence.vulnerabilities, undefined);
  });

  it('reads the linux/amd64 configuration of a multi-platform index', async () => {
    const index = buildIndex(undefined, { labels: { arch: 'all' } });
    const evidence = await gather(await pinned('multi', index));
    assert.deepEqual(evidence.config?.labels, { arch: 'all' });
  });

  it("finds an SBOM in cosign's .sbom tag and in an SPDX attestation", async () => {
    const tagged = await pinned('sbom-tag', buildImage());
    await pushCosignAttachment(client, `${registry.host}/team/sbom-tag`, tagged.digest, 'sbom', [
      {
        mediaType: 'application/spdx+json',
        bytes: new TextEncoder().encode('{"spdxVersion":"SPDX-2.3"}'),
        annotations: {},
      },
    ]);
    assert.match((await gather(tagged)).sbom!.source, /^tag sha256-[0-9a-f]{64}\.sbom$/);

    const attested = await pinned('sbom-att', buildImage());
    const key = await generateKeyPair('ecdsa-p256');
    await pushCosignAttachment(client, `${registry.host}/team/sbom-att`, attested.digest, 'att', [
      {
        mediaType: CosignMediaType.DsseEnvelope,
        bytes: inTotoEnvelope(key, attested.digest, 'https://spdx.dev/Document', {
          spdxVersion: 'SPDX-2.3',
        }),
        annotations: {
          [CosignAnnotation.Signature]: '',
          predicateType: 'https://spdx.dev/Document',
        },
      },
    ]);
    assert.match(
      (await gather(attested)).sbom!.source,
      /^https:\/\/spdx\.dev\/Document attestation in tag sha256-.*\.att$/,
    );
  });

  it('lets a registry failure through so that the caller can retry and report it', async () => {
    const image = await pinned('gone', buildImage());
    const elsewhere = { ...image, repository: 'team/never-pushed' };
    await assert.rejects(gather(elsewhere), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'REGISTRY_NOT_FOUND');
      return true;
    });
  });
});
