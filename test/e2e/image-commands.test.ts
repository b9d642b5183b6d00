// `signet image digest|inspect|tree` against the real distribution registry (no referrers
// API) and the embedded one (with it): what a user sees for a multi-platform image with a
// cosign signature pushed by another tool (skopeo) and artifacts attached as referrers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/testing/run-cli.js';
import { registryTargets } from '../../src/testing/index.js';
import type { RunningRegistry } from '../../src/testing/index.js';
import { buildImage, buildIndex, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { MediaType } from '../../src/oci/manifest/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { digestOf } from '../../src/core/digest.js';
import { FIXTURES_DIR, fixturesSkipReason } from '../support/fixtures.js';
import { skopeoPushManifest } from '../support/skopeo.js';

const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
const BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** A cosign signature layer: the real one cosign wrote in the fixtures when present. */
function cosignLayer(imageDigest: string): {
  payload: Uint8Array;
  annotations: Record<string, string>;
} {
  if (fixturesSkipReason('containers-image') === undefined) {
    const raw = readFileSync(
      join(FIXTURES_DIR, 'containers-image/dir-img-cosign-valid/signature-1'),
    );
    const json = JSON.parse(raw.subarray(raw.indexOf(0x0a) + 1).toString('utf8')) as {
      payload: string;
      annotations: Record<string, string>;
    };
    return { payload: Buffer.from(json.payload, 'base64'), annotations: json.annotations };
  }
  const payload = JSON.stringify({
    critical: {
      identity: { 'docker-reference': 'example/app' },
      image: { 'docker-manifest-digest': imageDigest },
      type: 'cosign container image signature',
    },
    optional: null,
  });
  return {
    payload: new TextEncoder().encode(payload),
    annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ==' },
  };
}

function cosignSignatureManifest(layer: ReturnType<typeof cosignLayer>) {
  const config = new TextEncoder().encode('{}');
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, size: config.length, digest: digestOf(config) },
    layers: [
      {
        mediaType: SIMPLE_SIGNING,
        size: layer.payload.length,
        digest: digestOf(layer.payload),
        annotations: layer.annotations,
      },
    ],
  };
  return {
    bytes: new TextEncoder().encode(JSON.stringify(manifest)),
    blobs: [config, layer.payload],
  };
}

for (const target of registryTargets()) {
  describe(
    `signet image commands on the ${target.name} registry`,
    { skip: target.skipReason },
    () => {
      let registry: RunningRegistry;
      let client: RegistryClient;
      let indexDigest: string;
      let childDigest: string;
      let ref: string;

      before(async () => {
        registry = await target.start();
        client = new RegistryClient();
        ref = `${registry.host}/team/app:1.0`;
        const index = buildIndex([
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64', variant: 'v8' },
        ]);
        indexDigest = (await pushImage(client, parseReference(ref), index)).digest;
        childDigest = index.manifest.manifests[0]!.digest;
      });

      after(async () => {
        await client.close();
        await registry.stop();
      });

      it('prints the digest a tag resolves to, as text and JSON', async () => {
        const text = await runCli(['image', 'digest', ref]);
        assert.equal(text.code, 0, text.stderr);
        assert.equal(text.stdout.trim(), indexDigest);
        const json = await runCli(['image', 'digest', '-o', 'json', ref]);
        assert.deepEqual(JSON.parse(json.stdout), {
          reference: `${registry.host}/team/app:1.0`,
          digest: indexDigest,
        });
      });

      it('lists the platforms of an index and the configuration of an image', async () => {
        const index = await runCli(['image', 'inspect', ref]);
        assert.equal(index.code, 0, index.stderr);
        assert.match(index.stdout, /Platforms: {3}2/);
        assert.match(index.stdout, new RegExp(`linux/amd64\\s+${childDigest}`));
        assert.match(index.stdout, /linux\/arm64\/v8/);

        const image = await runCli([
          'image',
          'inspect',
          '-o',
          'json',
          `${registry.host}/team/app@${childDigest}`,
        ]);
        assert.equal(image.code, 0, image.stderr);
        const parsed = JSON.parse(image.stdout) as {
          kind: string;
          config: { platform: string; layers: number };
        };
        assert.equal(parsed.kind, 'image');
        assert.equal(parsed.config.platform, 'linux/amd64');
        assert.ok(parsed.config.layers >= 1);
      });

      it('shows a cosign signature pushed by skopeo and artifacts attached as referrers', async () => {
        const signature = cosignSignatureManifest(cosignLayer(indexDigest));
        const sigTag = `sha256-${indexDigest.slice(7)}.sig`;
        await skopeoPushManifest(
          signature.bytes,
          signature.blobs,
          `${registry.host}/team/app:${sigTag}`,
        );

        const subject = parseReference(`${registry.host}/team/app@${indexDigest}`);
        const empty = await client.putBlob(subject, new TextEncoder().encode('{}'));
        const sbom = await client.putBlob(
          subject,
          new TextEncoder().encode('{"bomFormat":"CycloneDX"}'),
        );
        const subjectSize = (await client.getManifest(subject)).bytes.length;
        const referrer = (artifactType: string, annotations: Record<string, string>) => ({
          schemaVersion: 2 as const,
          mediaType: MediaType.OciManifest,
          artifactType,
          config: { mediaType: MediaType.OciEmpty, digest: empty.digest, size: empty.size },
          layers: [{ mediaType: artifactType, digest: sbom.digest, size: sbom.size }],
          subject: { mediaType: MediaType.OciIndex, digest: indexDigest, size: subjectSize },
          annotations,
        });
        const sbomDigest = await client.pushReferrer(
          subject,
          referrer('application/vnd.cyclonedx+json', {}),
        );
        const bundleDigest = await client.pushReferrer(
          subject,
          referrer(BUNDLE, {
            'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1',
          }),
        );

        const json = await runCli(['image', 'tree', '-o', 'json', ref]);
        assert.equal(json.code, 0, json.stderr);
        const tree = JSON.parse(json.stdout) as {
          subject: { digest: string };
          referrersSource: string;
          attachments: {
            kind: string;
            layout: string;
            tag?: string;
            digest: string;
            items: { mediaType: string }[];
          }[];
        };
        assert.equal(tree.subject.digest, indexDigest);
        assert.equal(tree.referrersSource, registry.referrersApi ? 'api' : 'tag-schema');
        const sig = tree.attachments.find((a) => a.layout === 'tag');
        assert.equal(sig?.kind, 'signature');
        assert.equal(sig?.tag, sigTag);
        assert.deepEqual(
          sig?.items.map((i) => i.mediaType),
          [SIMPLE_SIGNING],
        );
        const referrers = tree.attachments.filter((a) => a.layout === 'referrer');
        assert.deepEqual(
          referrers.map((a) => [a.digest, a.kind]).sort(),
          [
            [sbomDigest, 'sbom'],
            [bundleDigest, 'attestation'],
          ].sort(),
        );

        const text = await runCli(['image', 'tree', ref]);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stderr, new RegExp(`resolved .*team/app:1.0 to ${indexDigest}`));
        assert.match(text.stdout, new RegExp(`Signatures \\(tag ${sigTag}\\)`));
        assert.match(text.stdout, /SBOM \(referrer sha256:/);
      });

      it('says an image has nothing attached', async () => {
        const lone = `${registry.host}/team/lone:1`;
        await pushImage(client, parseReference(lone), buildImage());
        const result = await runCli(['image', 'tree', lone]);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /no signatures, attestations, SBOMs or referrers found/);
      });

      it('exits 11 and names the image when the tag does not exist', async () => {
        const result = await runCli(['image', 'digest', `${registry.host}/team/app:missing`]);
        assert.equal(result.code, 11);
        assert.match(result.stderr, /REGISTRY_NOT_FOUND/);
        assert.match(result.stderr, /team\/app/);
      });
    },
  );
}
