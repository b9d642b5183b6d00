/**
 * A small CycloneDX SBOM attached to the demo image as an OCI 1.1 referrer, so that the
 * demo's `image tree` has something in the referrers layout to show.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import type { ImageManifest } from '../../oci/manifest/index.js';
import { MediaType } from '../../oci/manifest/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';

const CYCLONEDX_JSON = 'application/vnd.cyclonedx+json';
/** The OCI empty descriptor's blob: `{}` (image spec, manifest.md "Guidance for an Empty Descriptor"). */
const EMPTY_CONFIG = new TextEncoder().encode('{}');

export async function attachDemoSbom(
  client: RegistryClient,
  subject: ImageReference,
  subjectSize: number,
): Promise<string> {
  const sbom = new TextEncoder().encode(
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      components: [{ type: 'application', name: 'demo-app', version: '1.0' }],
    }),
  );
  const [config, layer] = await Promise.all([
    client.putBlob(subject, EMPTY_CONFIG),
    client.putBlob(subject, sbom),
  ]);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType: CYCLONEDX_JSON,
    config: { mediaType: MediaType.OciEmpty, digest: config.digest, size: config.size },
    layers: [{ mediaType: CYCLONEDX_JSON, digest: layer.digest, size: layer.size }],
    subject: { mediaType: MediaType.OciIndex, digest: subject.digest!, size: subjectSize },
    annotations: { 'org.opencontainers.image.created': new Date().toISOString() },
  };
  return client.pushReferrer(subject, manifest);
}
