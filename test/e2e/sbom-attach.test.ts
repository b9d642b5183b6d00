// SBOMs as OCI referrers, against both registries (distribution 2.8 without the referrers
// API, Signet's embedded one with it): `signet attach sbom` attaches what `signet sbom`
// generated and `oras discover` lists it with the CycloneDX artifact type; an SPDX document
// attached by `oras attach` shows in `signet image tree`; `signet download sbom` prints
// each back byte for byte.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { registryTargets, type RunningRegistry } from '../../src/testing/index.js';
import { findPeer, peerPath } from '../../src/testing/peers.js';
import { runCli } from '../../src/testing/run-cli.js';
import { imageOfLayers, tarLayer } from '../../src/testing/sbom-layers.js';

const oras = findPeer('oras');

function runOras(
  args: readonly string[],
  home: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      peerPath(oras),
      args,
      { cwd: home, env: { PATH: process.env.PATH, HOME: home }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : ((error.code as number) ?? 1), stdout, stderr }),
    );
  });
}

const SPDX = JSON.stringify({
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'attached-by-oras',
  documentNamespace: 'https://example.com/spdx/attached-by-oras',
  creationInfo: { created: '2026-12-06T10:00:00Z', creators: ['Tool: hand-written'] },
  packages: [],
});

for (const target of registryTargets()) {
  describe(
    `SBOM referrers on the ${target.name} registry`,
    { skip: oras.skipReason ?? target.skipReason },
    () => {
      let registry: RunningRegistry;
      let home: string;
      let image: string;
      let bare: string;
      const distribution = () =>
        registry.referrersApi ? 'v1.1-referrers-api' : 'v1.1-referrers-tag';

      before(async () => {
        home = await mkdtemp(join(tmpdir(), `signet-sbom-attach-${target.name}-`));
        registry = await target.start();
        const client = new RegistryClient();
        try {
          const built = imageOfLayers([
            tarLayer([
              {
                path: 'app/node_modules/ms/package.json',
                content: '{"name":"ms","version":"2.1.3","license":"MIT"}',
              },
            ]),
          ]);
          await pushImage(client, parseReference(`${registry.host}/team/app:1.0`), built);
          image = `${registry.host}/team/app@${built.digest}`;
          const other = await pushImage(
            client,
            parseReference(`${registry.host}/team/bare:1.0`),
            buildImage(),
          );
          bare = `${registry.host}/team/bare@${other.digest}`;
        } finally {
          await client.close();
        }
      });

      after(async () => {
        await registry?.stop();
        await rm(home, { recursive: true, force: true });
      });

      it('attaches a generated CycloneDX SBOM that oras discover lists and download sbom prints back', async () => {
        const generated = await runCli([
          'sbom',
          image,
          '--format',
          'cyclonedx-json',
          '--output-file',
          join(home, 'app.cdx.json'),
        ]);
        assert.equal(generated.code, 0, generated.stderr);
        const attached = await runCli([
          'attach',
          'sbom',
          '--type',
          'cyclonedx',
          join(home, 'app.cdx.json'),
          image,
        ]);
        assert.equal(attached.code, 0, attached.stderr);
        const referrer = attached.stdout.trim();
        assert.match(referrer, /^sha256:[0-9a-f]{64}$/);
        const discovered = await runOras(
          [
            'discover',
            '--plain-http',
            '--distribution-spec',
            distribution(),
            '--format',
            'json',
            image,
          ],
          home,
        );
        assert.equal(discovered.code, 0, discovered.stderr);
        const listing = JSON.parse(discovered.stdout) as {
          referrers?: { digest: string; artifactType: string }[];
          manifests?: { digest: string; artifactType: string }[];
        };
        const found = (listing.referrers ?? listing.manifests ?? []).find(
          (entry) => entry.digest === referrer,
        );
        assert.equal(found?.artifactType, 'application/vnd.cyclonedx+json');
        const downloaded = await runCli(['download', 'sbom', image]);
        assert.equal(downloaded.code, 0, downloaded.stderr);
        assert.equal(
          downloaded.stdout.trim(),
          (await readFile(join(home, 'app.cdx.json'), 'utf8')).trim(),
        );
        assert.match(downloaded.stdout, /pkg:npm\/ms@2\.1\.3/);
      });

      it('shows an SPDX SBOM attached by oras attach in image tree, and downloads it by type', async () => {
        await writeFile(join(home, 'oras.spdx.json'), SPDX);
        const attached = await runOras(
          [
            'attach',
            '--plain-http',
            '--distribution-spec',
            distribution(),
            '--artifact-type',
            'application/spdx+json',
            image,
            'oras.spdx.json:application/spdx+json',
          ],
          home,
        );
        assert.equal(attached.code, 0, attached.stderr);
        const tree = await runCli(['image', 'tree', '-o', 'json', image]);
        assert.equal(tree.code, 0, tree.stderr);
        const attachments = (
          JSON.parse(tree.stdout) as { attachments: { kind: string; artifactType?: string }[] }
        ).attachments;
        assert.ok(
          attachments.some((a) => a.kind === 'sbom' && a.artifactType === 'application/spdx+json'),
          tree.stdout,
        );
        assert.ok(
          attachments.some(
            (a) => a.kind === 'sbom' && a.artifactType === 'application/vnd.cyclonedx+json',
          ),
          tree.stdout,
        );
        const downloaded = await runCli(['download', 'sbom', '--type', 'spdx', image]);
        assert.equal(downloaded.code, 0, downloaded.stderr);
        assert.equal(downloaded.stdout.trim(), SPDX);
      });

      it('prints every SBOM with --all, a tag-value SPDX one as it is', async () => {
        const tagValue = 'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nDocumentName: tag-value';
        await writeFile(join(home, 'tag-value.spdx'), `${tagValue}\n`);
        const attached = await runCli([
          'attach',
          'sbom',
          '--type',
          'spdx',
          join(home, 'tag-value.spdx'),
          image,
        ]);
        assert.equal(attached.code, 0, attached.stderr);
        const all = await runCli(['download', 'sbom', '--all', '--type', 'spdx', image]);
        assert.equal(all.code, 0, all.stderr);
        assert.ok(all.stdout.includes(tagValue), all.stdout);
        assert.ok(all.stdout.includes(JSON.stringify(JSON.parse(SPDX))), all.stdout);
      });

      it('refuses a file that is not the SBOM type named, and says when no SBOM is attached', async () => {
        await writeFile(join(home, 'not-spdx.json'), '{"bomFormat":"CycloneDX"}');
        const wrong = await runCli([
          'attach',
          'sbom',
          '--type',
          'spdx',
          join(home, 'not-spdx.json'),
          image,
        ]);
        assert.notEqual(wrong.code, 0);
        assert.match(wrong.stderr, /SBOM_DOCUMENT_INVALID/);
        assert.match(wrong.stderr, /not-spdx\.json is not an SPDX document/);
        const none = await runCli(['download', 'sbom', bare]);
        assert.notEqual(none.code, 0);
        assert.match(none.stderr, /SBOM_NOT_FOUND/);
      });
    },
  );
}
