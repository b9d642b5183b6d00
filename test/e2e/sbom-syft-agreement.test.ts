// `signet sbom` against syft v1.57 on the same images, built here from real package
// metadata (Debian packages from apt-get with a dpkg status written for them, an npm tree
// from the npm registry, a pip-installed Python package, a Go binary built by the machine's
// Go, an apk database, an rpm database that rpm itself wrote for packages rpmbuild made):
// the sets of (name, version, purl) must agree per ecosystem. The
// one known difference is the Go main module built outside version control: Go records
// its version as "(devel)" and Signet keeps that, syft reports "UNKNOWN"; both leave the
// version out of the purl.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import { startInMemoryRegistry, type RunningRegistry } from '../../src/testing/index.js';
import { findScannerPeers, runSyft } from '../../src/testing/scanner-peers.js';
import { runCli } from '../../src/testing/run-cli.js';
import {
  alpineDatabaseFiles,
  debianPackageFiles,
  goBinaryFiles,
  npmTreeFiles,
  pythonFiles,
} from '../../src/testing/sbom-ecosystems.js';
import { imageOfLayers, tarLayer } from '../../src/testing/sbom-layers.js';
import { findRpmTools, rpmDatabaseFiles } from '../../src/testing/sbom-rpm.js';

const { syft } = findScannerPeers();
const rpmTools = findRpmTools();

type Triple = { name: string; version: string; purl: string };

function triples(cyclonedx: string): Triple[] {
  const document = JSON.parse(cyclonedx) as {
    components?: { type: string; name: string; version?: string; purl?: string }[];
  };
  return (document.components ?? [])
    .filter((component) => component.type !== 'file' && component.purl !== undefined)
    .map((component) => ({
      name: component.name,
      version: component.version ?? '',
      purl: component.purl!,
    }));
}

const key = (triple: Triple) => `${triple.name} ${triple.version} ${triple.purl}`;
const ecosystemOf = (purl: string) => /^pkg:([^/]+)\//.exec(purl)?.[1] ?? 'unknown';

describe('signet sbom agrees with syft', { skip: syft.skipReason, timeout: 900_000 }, () => {
  let registry: RunningRegistry;
  let client: RegistryClient;
  let work: string;
  const images: Record<string, string> = {};

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'signet-sbom-syft-'));
    registry = await startInMemoryRegistry();
    client = new RegistryClient({ insecureRegistries: [registry.host] });
    const [deb, npm, python, go] = await Promise.all([
      debianPackageFiles(work),
      npmTreeFiles(work),
      pythonFiles(work),
      goBinaryFiles(work),
    ]);
    const debian = imageOfLayers([tarLayer(deb), tarLayer(npm), tarLayer(python), tarLayer(go)]);
    const alpine = imageOfLayers([tarLayer(alpineDatabaseFiles())]);
    const built: [string, ReturnType<typeof imageOfLayers>][] = [
      ['debian', debian],
      ['alpine', alpine],
    ];
    if (rpmTools.skipReason === undefined) {
      built.push(['rhel', imageOfLayers([tarLayer(await rpmDatabaseFiles(work))])]);
    }
    for (const [name, image] of built) {
      const ref = parseReference(`${registry.host}/fixtures/${name}:1`);
      await pushImage(client, ref, image);
      images[name] = `${registry.host}/fixtures/${name}@${image.digest}`;
    }
  });

  after(async () => {
    await client?.close();
    await registry?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  async function both(image: string): Promise<{ signet: Triple[]; syft: Triple[] }> {
    const mine = await runCli([
      'sbom',
      image,
      '--format',
      'cyclonedx-json',
      '--insecure-registry',
      registry.host,
    ]);
    assert.equal(mine.code, 0, mine.stderr);
    const theirs = await runSyft(syft, image, work);
    return { signet: triples(mine.stdout), syft: triples(theirs) };
  }

  function agreement(result: { signet: Triple[]; syft: Triple[] }) {
    const figures: Record<string, { signet: number; syft: number; common: number }> = {};
    const ours = new Set(result.signet.map(key));
    const theirs = new Set(result.syft.map(key));
    for (const triple of [...result.signet, ...result.syft]) {
      const ecosystem = ecosystemOf(triple.purl);
      figures[ecosystem] ??= { signet: 0, syft: 0, common: 0 };
    }
    for (const triple of result.signet) figures[ecosystemOf(triple.purl)]!.signet++;
    for (const triple of result.syft) {
      figures[ecosystemOf(triple.purl)]!.syft++;
      if (ours.has(key(triple))) figures[ecosystemOf(triple.purl)]!.common++;
    }
    return {
      figures,
      onlySignet: result.signet.filter((t) => !theirs.has(key(t))),
      onlySyft: result.syft.filter((t) => !ours.has(key(t))),
    };
  }

  it('agrees on every dpkg, npm and Python package and every Go module but the unversioned main module', async () => {
    const result = agreement(await both(images.debian!));
    console.log(
      `agreement on the Debian image (name, version, purl): ${JSON.stringify(result.figures)}`,
    );
    for (const ecosystem of ['deb', 'npm', 'pypi', 'golang']) {
      assert.ok((result.figures[ecosystem]?.syft ?? 0) > 0, `syft found no ${ecosystem} packages`);
    }
    assert.deepEqual(result.figures.deb, { signet: 5, syft: 5, common: 5 });
    assert.equal(result.figures.npm?.common, result.figures.npm?.syft);
    assert.equal(result.figures.npm?.signet, result.figures.npm?.syft);
    assert.equal(result.figures.pypi?.common, 2);
    assert.deepEqual(result.onlySignet, [
      {
        name: 'example.com/sbomfixture',
        version: '(devel)',
        purl: 'pkg:golang/example.com/sbomfixture',
      },
    ]);
    assert.deepEqual(result.onlySyft, [
      {
        name: 'example.com/sbomfixture',
        version: 'UNKNOWN',
        purl: 'pkg:golang/example.com/sbomfixture',
      },
    ]);
  });

  it('agrees on every apk package', async () => {
    const result = agreement(await both(images.alpine!));
    console.log(
      `agreement on the Alpine image (name, version, purl): ${JSON.stringify(result.figures)}`,
    );
    assert.deepEqual(result.figures, { apk: { signet: 5, syft: 5, common: 5 } });
  });

  it(
    'agrees on every package in a database rpm itself wrote',
    { skip: rpmTools.skipReason },
    async () => {
      const listed = await both(images.rhel!);
      const result = agreement(listed);
      console.log(
        `agreement on the rpm image (name, version, purl): ${JSON.stringify(result.figures)}`,
      );
      assert.deepEqual(result.figures, { rpm: { signet: 3, syft: 3, common: 3 } });
      assert.deepEqual(listed.signet.map(key).sort(), [
        'sbom-data 0.9.1-2.el9 pkg:rpm/redhat/sbom-data@0.9.1-2.el9?arch=noarch&distro=rhel-9.3&upstream=sbom-data-0.9.1-2.el9.src.rpm',
        'sbom-hello 1.2.3-4 pkg:rpm/redhat/sbom-hello@1.2.3-4?arch=x86_64&distro=rhel-9.3&upstream=sbom-hello-1.2.3-4.src.rpm',
        'sbom-tools 3:2.0-1.el9 pkg:rpm/redhat/sbom-tools@2.0-1.el9?arch=x86_64&distro=rhel-9.3&epoch=3&upstream=sbom-tools-2.0-1.el9.src.rpm',
      ]);
    },
  );
});
