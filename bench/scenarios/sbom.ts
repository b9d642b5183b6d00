/**
 * SBOM generation throughput, in MB of uncompressed layer data per second, on an image in
 * the embedded registry built from real files: the Debian packages' file trees (apt-get
 * download, dpkg-deb) with their dpkg status, TypeScript's npm package and esbuild's native
 * binary (scanned for Go build information) from node_modules, packed by GNU tar. Compared in the same run with:
 *
 * - the ceiling: the same layers fetched, gunzipped and walked by the same tar reader with
 *   every body skipped (what any layer-reading SBOM tool must pay);
 * - syft v1.57 generating a CycloneDX SBOM of the same image from the same registry (a
 *   process per run, so its start-up is included, as in CI).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pushImage } from '../../src/oci/build/index.js';
import { parseReference } from '../../src/oci/reference/index.js';
import { RegistryClient } from '../../src/oci/remote/index.js';
import {
  catalogImage,
  readTarEntries,
  uncompressedLayer,
} from '../../src/signing/sbom/generate/index.js';
import { startInMemoryRegistry } from '../../src/testing/index.js';
import { findScannerPeers, runSyft } from '../../src/testing/scanner-peers.js';
import { debianPackageFiles } from '../../src/testing/sbom-ecosystems.js';
import { imageOfLayers, tarLayer } from '../../src/testing/sbom-layers.js';
import type { LoopStats, Measurement, Scenario } from '../harness.js';
import { round } from '../harness.js';

const run = promisify(execFile);
const RUNS = 3;
const GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

async function timed(
  runs: number,
  megabytes: number,
  operation: () => Promise<unknown>,
): Promise<LoopStats> {
  await operation(); // warm-up: module loading, registry connection
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await operation();
    times.push(performance.now() - started);
  }
  const seconds = times.reduce((a, b) => a + b, 0) / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    operations: runs,
    concurrency: 1,
    seconds: round(seconds, 3),
    perSecond: round((megabytes * runs) / seconds, 1),
    p50Ms: round(sorted[Math.floor(runs / 2)]!, 1),
    p99Ms: round(sorted.at(-1)!, 1),
  };
}

export const sbomScenario: Scenario = {
  name: 'sbom',
  description: 'SBOM generation MB/s next to plain gunzip+tar reading of the same layers and syft',
  async run(): Promise<Measurement[]> {
    const work = await mkdtemp(join(tmpdir(), 'signet-bench-sbom-'));
    const registry = await startInMemoryRegistry();
    const client = new RegistryClient();
    try {
      const debian = await debianPackageFiles(work, [
        'hello',
        'zlib1g',
        'libbz2-1.0',
        'liblz4-1',
        'libfyaml0',
        'bash',
        'coreutils',
      ]);
      const trees = join(work, 'trees');
      await mkdir(trees, { recursive: true });
      for (const deb of await readdir(join(work, 'debs'))) {
        if (deb.endsWith('.deb'))
          await run('dpkg-deb', ['-x', join(work, 'debs', deb), join(trees, 'root')]);
      }
      await run('tar', ['-czf', join(work, 'os.tgz'), '-C', join(trees, 'root'), '.']);
      await run('tar', [
        '-czf',
        join(work, 'app.tgz'),
        '-C',
        join(process.cwd(), 'node_modules'),
        '--transform',
        's,^,app/node_modules/,',
        'typescript',
        '@esbuild/linux-x64',
      ]);
      await writeFile(join(work, 'status.tar'), tarLayer(debian));
      const image = imageOfLayers([
        { bytes: await readFile(join(work, 'os.tgz')), mediaType: GZIP },
        await readFile(join(work, 'status.tar')),
        { bytes: await readFile(join(work, 'app.tgz')), mediaType: GZIP },
      ]);
      const ref = parseReference(`${registry.host}/bench/sbom:1`);
      await pushImage(client, ref, image);
      const pinned = { ...ref, tag: undefined, digest: image.digest };
      const [catalog] = await catalogImage(client, pinned);
      const megabytes = catalog!.tarBytes / 1e6;
      const compressed = catalog!.layerBytes / 1e6;

      const signet = await timed(RUNS, megabytes, () => catalogImage(client, pinned));
      const plain = await timed(RUNS, megabytes, async () => {
        for (const layer of image.manifest.layers) {
          const chunks = uncompressedLayer(
            await client.getBlob(pinned, layer.digest),
            layer.mediaType,
            { maxLayerBytes: 1e12 },
            layer.digest,
          );
          for await (const entry of readTarEntries(
            chunks[Symbol.asyncIterator](),
            { maxEntries: 1e7 },
            layer.digest,
          ))
            void entry;
        }
      });
      const measurements: Measurement[] = [
        {
          name: 'sbom generation (signet sbom, in-process)',
          unit: 'MB/s',
          subject: signet,
          ceiling: plain,
          ceilingName: 'gunzip + tar walk of the same layers, bodies skipped',
          notes: `${round(megabytes, 1)} MB of tar (${round(compressed, 1)} MB compressed) in 3 layers; ${catalog!.packages.length} packages`,
        },
      ];
      const { syft } = findScannerPeers();
      if (syft.path !== undefined) {
        const image2 = `${registry.host}/bench/sbom@${image.digest}`;
        const syftRun = () => runSyft(syft, image2, work);
        const syftStats = await timed(RUNS, megabytes, syftRun);
        measurements.push({
          name: 'sbom generation (signet sbom, in-process)',
          unit: 'MB/s',
          subject: signet,
          ceiling: syftStats,
          ceilingName: 'syft v1.57 registry:IMAGE -o cyclonedx-json (a process per run)',
        });
      } else {
        process.stderr.write(`bench: sbom: syft skipped: ${syft.skipReason}\n`);
      }
      return measurements;
    } finally {
      await client.close();
      await registry.stop();
      await rm(work, { recursive: true, force: true });
    }
  },
};
