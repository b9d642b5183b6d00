/**
 * SBOMs attached to an image as OCI 1.1 referrers, as `oras attach` and syft users write
 * them: an image manifest whose artifactType and single layer are the SBOM's media type
 * (`application/vnd.cyclonedx+json`, `application/spdx+json`), with the OCI empty config
 * and the image as `subject` (image spec manifest.md, "Guidelines for Artifact Usage").
 * The layer carries `org.opencontainers.image.title`, so `oras pull` names the file. Read
 * back through the referrers API or the tag schema, and from cosign's legacy `.sbom` tag.
 */
import { discoverAttachments, pushReferrerConfirmed } from '../../remote/index.js';
import { MediaType, type ImageManifest } from '../../../oci/manifest/index.js';
import { withDigest, type ImageReference } from '../../../oci/reference/index.js';
import type { RegistryClient } from '../../../oci/remote/index.js';
import { sbomError } from '../errors.js';
import { decodeReportJson } from '../report-json.js';

export type SbomType = 'cyclonedx' | 'spdx';
export const SBOM_TYPES: readonly SbomType[] = ['cyclonedx', 'spdx'];

const MEDIA_TYPES = {
  cyclonedx: { json: 'application/vnd.cyclonedx+json', xml: 'application/vnd.cyclonedx+xml' },
  spdx: { json: 'application/spdx+json', xml: 'text/spdx' },
} as const;

/** SBOM documents read back are held in memory; real ones of large images are a few MB. */
export const MAX_SBOM_BYTES = 64 * 1024 * 1024;
const EMPTY_CONFIG = new TextEncoder().encode('{}');

/** Checks the file is the type it is said to be and returns its media type. */
export function sbomMediaType(bytes: Uint8Array, type: SbomType, source: string): string {
  const text = new TextDecoder().decode(bytes.subarray(0, 4096)).trimStart();
  if (type === 'cyclonedx' && text.startsWith('<')) {
    if (!text.includes('cyclonedx.org')) throw notA(source, type);
    return MEDIA_TYPES.cyclonedx.xml;
  }
  if (type === 'spdx' && text.startsWith('SPDXVersion:')) return MEDIA_TYPES.spdx.xml;
  const decoded = decodeReportJson(bytes);
  if (!decoded.ok) throw notA(source, type);
  const fields = (decoded.value ?? {}) as { bomFormat?: unknown; spdxVersion?: unknown };
  if (type === 'cyclonedx' && fields.bomFormat !== 'CycloneDX') throw notA(source, type);
  if (
    type === 'spdx' &&
    !(typeof fields.spdxVersion === 'string' && fields.spdxVersion.startsWith('SPDX-'))
  ) {
    throw notA(source, type);
  }
  return MEDIA_TYPES[type].json;
}

function notA(source: string, type: SbomType) {
  return sbomError(
    'SBOM_DOCUMENT_INVALID',
    type === 'cyclonedx'
      ? `${source} is not a CycloneDX document (JSON with "bomFormat": "CycloneDX", or CycloneDX XML)`
      : `${source} is not an SPDX document (JSON with "spdxVersion": "SPDX-2.x", or SPDX tag-value)`,
  );
}

export async function attachSbom(
  client: RegistryClient,
  image: ImageReference,
  bytes: Uint8Array,
  type: SbomType,
  fileName: string,
  now = new Date(),
): Promise<{ subject: string; digest: string; artifactType: string }> {
  const artifactType = sbomMediaType(bytes, type, fileName);
  const subject = await client.getManifest(image);
  const [config, layer] = await Promise.all([
    client.putBlob(image, EMPTY_CONFIG),
    client.putBlob(image, bytes),
  ]);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    artifactType,
    config: { mediaType: MediaType.OciEmpty, digest: config.digest, size: config.size },
    layers: [
      {
        mediaType: artifactType,
        digest: layer.digest,
        size: layer.size,
        annotations: { 'org.opencontainers.image.title': fileName },
      },
    ],
    subject: {
      mediaType: subject.mediaType,
      digest: subject.digest,
      size: subject.bytes.byteLength,
    },
    annotations: { 'org.opencontainers.image.created': now.toISOString() },
  };
  // Read back like signatures are: on the referrers tag schema a concurrent push may drop it.
  const digest = await pushReferrerConfirmed(client, withDigest(image, subject.digest), manifest);
  return { subject: subject.digest, digest, artifactType };
}

export interface AttachedSbom {
  /** The manifest (referrer or `.sbom` tag) it came from. */
  source: string;
  layout: 'referrer' | 'tag';
  mediaType: string;
  bytes: Uint8Array;
}

/** Every SBOM attached to `image` (a digest reference), read and checked by digest. */
export async function fetchAttachedSboms(
  client: RegistryClient,
  image: ImageReference,
  type?: SbomType,
): Promise<AttachedSbom[]> {
  const tree = await discoverAttachments(client, image);
  const out: AttachedSbom[] = [];
  for (const attachment of tree.attachments.filter((a) => a.kind === 'sbom')) {
    const fetched = await client.getManifest(withDigest(image, attachment.digest));
    if (fetched.parsed.kind !== 'image') continue;
    for (const layer of fetched.parsed.manifest.layers) {
      if (type !== undefined && !matchesType(layer.mediaType, type)) continue;
      if (type === undefined && !isSbomMediaType(layer.mediaType)) continue;
      out.push({
        source: attachment.tag ?? attachment.digest,
        layout: attachment.layout,
        mediaType: layer.mediaType,
        bytes: await client.readBlob(image, layer.digest, MAX_SBOM_BYTES),
      });
    }
  }
  return out;
}

function matchesType(mediaType: string, type: SbomType): boolean {
  return type === 'cyclonedx' ? mediaType.includes('cyclonedx') : mediaType.includes('spdx');
}

function isSbomMediaType(mediaType: string): boolean {
  return /cyclonedx|spdx|syft/.test(mediaType);
}
