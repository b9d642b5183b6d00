/**
 * Parses manifest bytes served by a registry (attacker-controlled) into a typed manifest or
 * index, validating the shape the OCI image spec requires (manifest.md, image-index.md).
 */
import { manifestError } from './errors.js';
import {
  DOCKER_SCHEMA1_MEDIA_TYPES,
  IMAGE_MANIFEST_MEDIA_TYPES,
  INDEX_MEDIA_TYPES,
  MAX_MANIFEST_BYTES,
  isManifestMediaType,
} from './media-types.js';
import type { ImageIndex, ImageManifest, ParsedManifest } from './types.js';
import {
  type Problems,
  checkDescriptor,
  checkDescriptorList,
  checkMediaType,
  checkStringMap,
  isObject,
} from './descriptor-shape.js';

/** Problems listed in a message; the rest are counted (the list is in details). */
const MAX_PROBLEMS_IN_MESSAGE = 5;

/**
 * Validates `bytes` as an image manifest or index. `contentType` is the registry's
 * Content-Type header, if any; `what` names the object in error messages.
 */
export function parseManifest(
  bytes: Uint8Array,
  contentType?: string,
  what = 'manifest',
): ParsedManifest {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    throw manifestError(
      'MANIFEST_TOO_LARGE',
      `${what} is ${bytes.byteLength} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit; refusing it`,
      { details: { size: bytes.byteLength, limit: MAX_MANIFEST_BYTES } },
    );
  }
  const headerType = contentType?.split(';')[0]?.trim().toLowerCase();
  const doc = decodeJson(bytes, what);
  if (DOCKER_SCHEMA1_MEDIA_TYPES.includes(headerType ?? '') || doc.schemaVersion === 1) {
    throw invalid(what, [
      'it is a Docker schema 1 manifest, which Signet does not support; push the image again with a current docker, buildah or crane so the registry stores schema 2 or OCI',
    ]);
  }
  const problems: Problems = [];
  if (doc.schemaVersion !== 2) problems.push('schemaVersion must be 2');
  const mediaType = resolveMediaType(doc, headerType, problems);
  if (mediaType === undefined) throw invalid(what, problems);
  const kind = INDEX_MEDIA_TYPES.includes(mediaType) ? 'index' : 'image';
  if (kind === 'image') {
    checkDescriptor(doc.config, 'config', problems);
    checkDescriptorList(doc.layers, 'layers', problems);
  } else {
    checkDescriptorList(doc.manifests, 'manifests', problems);
  }
  if (doc.subject !== undefined) checkDescriptor(doc.subject, 'subject', problems);
  if (doc.artifactType !== undefined) checkMediaType(doc.artifactType, 'artifactType', problems);
  checkStringMap(doc.annotations, 'annotations', problems);
  if (problems.length > 0) throw invalid(what, problems);
  return kind === 'image'
    ? { kind, mediaType, manifest: doc as unknown as ImageManifest }
    : { kind, mediaType, manifest: doc as unknown as ImageIndex };
}

function decodeJson(bytes: Uint8Array, what: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid(what, ['it is not UTF-8 JSON']);
  }
  if (!isObject(doc)) throw invalid(what, ['it is not a JSON object']);
  return doc;
}

/**
 * The manifest's media type: its `mediaType` field, else the Content-Type header, else the
 * shape (OCI allows omitting the field). A field that disagrees with the header is refused:
 * a registry must not make one blob mean two things (image-spec manifest.md, "mediaType").
 */
function resolveMediaType(
  doc: Record<string, unknown>,
  headerType: string | undefined,
  problems: Problems,
): string | undefined {
  const field = doc.mediaType;
  if (field !== undefined && typeof field !== 'string') {
    problems.push('mediaType must be a string');
    return undefined;
  }
  const header =
    headerType !== undefined && isManifestMediaType(headerType) ? headerType : undefined;
  if (field !== undefined && header !== undefined && field !== header) {
    problems.push(`mediaType "${field}" disagrees with the Content-Type "${header}"`);
    return undefined;
  }
  const declared = field ?? header;
  if (declared !== undefined) {
    if (isManifestMediaType(declared)) return declared;
    problems.push(`mediaType "${declared}" is not an OCI or Docker schema 2 manifest or index`);
    return undefined;
  }
  const hasManifests = 'manifests' in doc;
  const hasLayers = 'layers' in doc || 'config' in doc;
  if (hasManifests && !hasLayers) return INDEX_MEDIA_TYPES[0];
  if (hasLayers && !hasManifests) return IMAGE_MANIFEST_MEDIA_TYPES[0];
  problems.push('without a mediaType it must have either "manifests" or "config" and "layers"');
  return undefined;
}

function invalid(what: string, problems: Problems) {
  const shown = problems.slice(0, MAX_PROBLEMS_IN_MESSAGE).join('; ');
  const more =
    problems.length > MAX_PROBLEMS_IN_MESSAGE
      ? ` (and ${problems.length - MAX_PROBLEMS_IN_MESSAGE} more)`
      : '';
  return manifestError('MANIFEST_INVALID', `${what} is not a valid manifest: ${shown}${more}`, {
    details: { problems },
  });
}
