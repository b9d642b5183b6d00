// `signet sbom` on the embedded registry: a two-platform index gives one SBOM per platform
// (one document per line, or one file each in --output-dir), --platform picks one, SPDX and
// CycloneDX documents carry purls, licences and layers, and bad input ends in clear errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestOf } from '../../src/core/digest.js';
import { MediaType } from '../../src/oci/manifest/index.js';
import { pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { runCli } from '../../src/testing/run-cli.js';
import { imageOfLayers, tarLayer } from '../../src/testing/sbom-layers.js';

const appLayer = (arch: string) =>
  tarLayer([
    { path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.20.3\n' },
    { path: 'lib/apk/db/installed', content: `P:musl\nV:1.2.5-r0\nA:${arch}\nL:MIT\no:musl\n` },
  ]);

describe('signet sbom', () => {
  let registry: RunningRegistry;
  let work: string;
  let index: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'signet-sbom-command-'));
    registry = await startInMemoryRegistry();
    const client = new RegistryClient();
    try {
      const amd64 = imageOfLayers([appLayer('x86_64')], { os: 'linux', architecture: 'amd64' });
      const arm64 = imageOfLayers([appLayer('aarch64')], {
        os: 'linux',
        architecture: 'arm64',
        variant: 'v8',
      });
      const repo = parseReference(`${registry.host}/team/multi`);
      for (const image of [amd64, arm64])
        await pushImage(client, { ...repo, digest: image.digest }, image);
      const manifest = new TextEncoder().encode(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: MediaType.OciIndex,
          manifests: [amd64.descriptor, arm64.descriptor],
        }),
      );
      await client.putManifest({ ...repo, tag: '1.0' }, manifest, MediaType.OciIndex);
      index = `${registry.host}/team/multi@${digestOf(manifest)}`;
    } finally {
      await client.close();
    }
  });

  after(async () => {
    await registry?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('prints one CycloneDX document per platform of an index, one per line', async () => {
    const run = await runCli(['sbom', index]);
    assert.equal(run.code, 0, run.stderr);
    const documents = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            components: { purl: string; properties: { name: string; value: string }[] }[];
          },
      );
    assert.equal(documents.length, 2);
    assert.deepEqual(
      documents.map((d) => d.components[0]?.purl),
      [
        'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3',
        'pkg:apk/alpine/musl@1.2.5-r0?arch=aarch64&distro=alpine-3.20.3',
      ],
    );
    assert.ok(
      documents[0]!.components[0]!.properties.some(
        (p) => p.name === 'signet:layer' && p.value.startsWith('sha256:'),
      ),
    );
    assert.match(run.stderr, /linux\/amd64 .*1 packages/);
    assert.match(run.stderr, /linux\/arm64\/v8 .*1 packages/);
  });

  it('writes one SPDX file per platform into --output-dir', async () => {
    const dir = join(work, 'out');
    const run = await runCli(['sbom', index, '--format', 'spdx-json', '--output-dir', dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((await readdir(dir)).sort(), [
      'linux-amd64.spdx-json.json',
      'linux-arm64-v8.spdx-json.json',
    ]);
    const spdx = JSON.parse(await readFile(join(dir, 'linux-arm64-v8.spdx-json.json'), 'utf8')) as {
      spdxVersion: string;
      packages: {
        name: string;
        licenseDeclared?: string;
        externalRefs?: { referenceLocator: string }[];
      }[];
      relationships: { relationshipType: string }[];
    };
    assert.equal(spdx.spdxVersion, 'SPDX-2.3');
    const musl = spdx.packages.find((p) => p.name === 'musl');
    assert.equal(musl?.licenseDeclared, 'MIT');
    assert.match(musl?.externalRefs?.[0]?.referenceLocator ?? '', /arch=aarch64/);
    assert.ok(spdx.relationships.some((r) => r.relationshipType === 'CONTAINS'));
  });

  it('generates only the platform --platform names', async () => {
    const run = await runCli(['sbom', index, '--platform', 'linux/arm64']);
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as { components: { purl: string }[] };
    assert.match(document.components[0]!.purl, /arch=aarch64/);
  });

  it('says which platforms exist when --platform names another', async () => {
    const run = await runCli(['sbom', index, '--platform', 'linux/s390x']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /SBOM_PLATFORM_NOT_FOUND/);
    assert.match(run.stderr, /linux\/amd64, linux\/arm64\/v8/);
  });

  it('refuses an unknown format and a bad --max-layer-bytes', async () => {
    const format = await runCli(['sbom', index, '--format', 'syft-json']);
    assert.match(format.stderr, /--format must be cyclonedx-json or spdx-json/);
    const limit = await runCli(['sbom', index, '--max-layer-bytes', 'lots']);
    assert.match(limit.stderr, /--max-layer-bytes must be a positive integer/);
  });

  it('ends with a clear error when a layer is bigger than --max-layer-bytes allows', async () => {
    const run = await runCli([
      'sbom',
      index,
      '--platform',
      'linux/amd64',
      '--max-layer-bytes',
      '512',
    ]);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /SBOM_LAYER_TOO_LARGE/);
  });
});
