/**
 * Pushes manifests with skopeo (Debian package), a registry client other than Signet's,
 * from an OCI image layout written here: proof that Signet reads what other tools write.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { digestOf, sha256Hex } from '../../src/core/digest.js';

const run = promisify(execFile);

/** Writes `manifest` and its blobs as an OCI layout and copies it to `destination` with skopeo. */
export async function skopeoPushManifest(
  manifest: Uint8Array,
  blobs: readonly Uint8Array[],
  destination: string,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-skopeo-'));
  try {
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    for (const blob of [...blobs, manifest]) {
      await writeFile(join(dir, 'blobs', 'sha256', sha256Hex(blob)), blob);
    }
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    const index = {
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: digestOf(manifest),
          size: manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    };
    await writeFile(join(dir, 'index.json'), JSON.stringify(index));
    await run('skopeo', [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      '--preserve-digests',
      `oci:${dir}:latest`,
      `docker://${destination}`,
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
