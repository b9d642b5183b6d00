/**
 * Media types of the OCI image spec (media-types.md) and the Docker image manifest v2
 * schema 2 that registries still serve, plus the limits every manifest read obeys.
 */
export const MediaType = {
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  OciEmpty: 'application/vnd.oci.empty.v1+json',
  OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** Docker schema 1 manifests (signed and unsigned): obsolete, unverifiable by content digest. */
export const DOCKER_SCHEMA1_MEDIA_TYPES: readonly string[] = [
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];

export const IMAGE_MANIFEST_MEDIA_TYPES: readonly string[] = [
  MediaType.OciManifest,
  MediaType.DockerManifest,
];
export const INDEX_MEDIA_TYPES: readonly string[] = [
  MediaType.OciIndex,
  MediaType.DockerManifestList,
];

/** True for the four manifest media types Signet reads and writes. */
export function isManifestMediaType(mediaType: string): boolean {
  return IMAGE_MANIFEST_MEDIA_TYPES.includes(mediaType) || INDEX_MEDIA_TYPES.includes(mediaType);
}

/**
 * Accept header for manifest requests. Registries content-negotiate (distribution spec,
 * "Pulling manifests"): without the index types a registry may answer a multi-arch tag with
 * one platform's manifest, and without any types Docker Hub downgrades to schema 1.
 */
export const MANIFEST_ACCEPT: string = [
  MediaType.OciIndex,
  MediaType.OciManifest,
  MediaType.DockerManifestList,
  MediaType.DockerManifest,
].join(', ');

/**
 * Largest manifest Signet reads or writes: the distribution spec says registries SHOULD
 * accept manifests of at least 4 MiB and MAY reject larger ones, so nothing legitimate is
 * bigger, and a hostile registry cannot make us buffer more.
 */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
