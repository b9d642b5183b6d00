/** Request paths and the names that objects carry in error messages. */
import { parseDigest } from '../../core/digest.js';
import type { ImageReference } from '../reference/index.js';
import { formatReference, repositoryOf } from '../reference/index.js';

/** The tag or digest a manifest request addresses; 'latest' as docker does when neither is set. */
export function manifestReference(ref: ImageReference): string {
  if (ref.digest !== undefined) {
    parseDigest(ref.digest);
    return ref.digest;
  }
  return ref.tag ?? 'latest';
}

export function manifestPath(ref: ImageReference, reference = manifestReference(ref)): string {
  return `/v2/${ref.repository}/manifests/${reference}`;
}

export function blobPath(ref: ImageReference, digest: string): string {
  parseDigest(digest);
  return `/v2/${ref.repository}/blobs/${digest}`;
}

export function uploadPath(ref: ImageReference): string {
  return `/v2/${ref.repository}/blobs/uploads/`;
}

export function describeManifest(ref: ImageReference): string {
  return `manifest ${ref.tag === undefined && ref.digest === undefined ? `${repositoryOf(ref)}:latest` : formatReference(ref)}`;
}

export function describeBlob(ref: ImageReference, digest: string): string {
  return `blob ${repositoryOf(ref)}@${digest}`;
}
