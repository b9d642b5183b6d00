/**
 * Server-side checks of a pushed manifest (OCI image spec manifest.md, image-index.md;
 * distribution spec "Pushing Manifests"). The body is attacker-controlled JSON. The
 * strictness follows distribution 2.8: the shape and every descriptor must be valid, the
 * config and layers of an image manifest must exist as blobs in the repository (except
 * foreign layers with `urls`), and the children of an index must exist as manifests there.
 * A `subject` need not exist (the spec lets a referrer arrive before its subject).
 */
import { isDigest } from '../core/digest.js';
import { MediaType, type Descriptor } from '../oci/manifest/index.js';
import { DistributionError } from './distribution-error.js';

export interface ValidatedManifest {
  readonly kind: 'image' | 'index';
  readonly mediaType: string;
  /** As the referrers API reports it: `artifactType`, else an image's config media type. */
  readonly artifactType?: string;
  readonly annotations?: Record<string, string>;
  readonly subject?: Descriptor;
  /** Must exist as blobs in the repository. */
  readonly blobs: readonly Descriptor[];
  /** Must exist as manifests in the repository. */
  readonly manifests: readonly Descriptor[];
}

const KINDS: Readonly<Record<string, 'image' | 'index'>> = {
  [MediaType.OciManifest]: 'image',
  [MediaType.DockerManifest]: 'image',
  [MediaType.OciIndex]: 'index',
  [MediaType.DockerManifestList]: 'index',
};

/** RFC 6838 type/subtype, the form media types in descriptors must take. */
const MEDIA_TYPE_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

function invalid(message: string, detail?: unknown): DistributionError {
  return new DistributionError('MANIFEST_INVALID', message, detail);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Content-Type without parameters, lowercased; '' when absent. */
function bareContentType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function isMediaType(value: string): boolean {
  return MEDIA_TYPE_PATTERN.test(value);
}

function checkAnnotations(value: unknown, path: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalid(`${path} must map strings to strings`);
  }
  return value as Record<string, string>;
}

/** An optional `artifactType` (OCI image spec 1.1): absent, or a media type. */
function checkArtifactType(value: unknown, path: string): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || !isMediaType(value))) {
    throw invalid(`${path} must be a media type`);
  }
  return value;
}

function checkDescriptor(value: unknown, path: string): Descriptor {
  if (!isObject(value)) throw invalid(`${path} must be a descriptor object`);
  const { mediaType, digest, size, artifactType, urls } = value;
  if (typeof mediaType !== 'string' || !isMediaType(mediaType)) {
    throw invalid(`${path}.mediaType must be a media type`);
  }
  if (typeof digest !== 'string' || !isDigest(digest)) {
    throw invalid(`${path}.digest must be a sha256 or sha512 digest`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalid(`${path}.size must be a non-negative integer`);
  }
  checkArtifactType(artifactType, `${path}.artifactType`);
  if (urls !== undefined && (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string'))) {
    throw invalid(`${path}.urls must be a list of strings`);
  }
  checkAnnotations(value.annotations, `${path}.annotations`);
  return value as unknown as Descriptor;
}

function checkDescriptorList(value: unknown, path: string): Descriptor[] {
  if (!Array.isArray(value)) throw invalid(`${path} must be a list of descriptors`);
  return value.map((entry, i) => checkDescriptor(entry, `${path}[${i}]`));
}

/** Picks the manifest kind from the Content-Type, falling back to the body's `mediaType`. */
function chooseMediaType(contentType: string, bodyType: unknown): string {
  if (bodyType !== undefined && typeof bodyType !== 'string')
    throw invalid('mediaType must be a string');
  if (contentType in KINDS) {
    // distribution refuses a body that claims another type than the header: a client
    // reading it back by Content-Type would otherwise parse it as something else.
    if (bodyType !== undefined && bodyType !== contentType) {
      throw invalid(`mediaType "${bodyType}" does not match Content-Type "${contentType}"`);
    }
    return contentType;
  }
  if (typeof bodyType === 'string' && bodyType in KINDS) return bodyType;
  throw invalid(
    'unsupported manifest media type: set Content-Type to an OCI or Docker v2 manifest type',
    { contentType },
  );
}

export function validateManifest(
  bytes: Uint8Array,
  contentTypeHeader: string | undefined,
): ValidatedManifest {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw invalid('manifest is not valid JSON');
  }
  if (!isObject(body)) throw invalid('manifest must be a JSON object');
  if (body.schemaVersion !== 2)
    throw invalid('schemaVersion must be 2 (schema 1 is not supported)');
  const mediaType = chooseMediaType(bareContentType(contentTypeHeader), body.mediaType);
  const subject = body.subject === undefined ? undefined : checkDescriptor(body.subject, 'subject');
  const annotations = checkAnnotations(body.annotations, 'annotations');
  const artifactType = checkArtifactType(body.artifactType, 'artifactType');
  const kind = KINDS[mediaType]!;
  if (kind === 'image') {
    const config = checkDescriptor(body.config, 'config');
    const layers = checkDescriptorList(body.layers, 'layers');
    const local = layers.filter((layer) => layer.urls === undefined || layer.urls.length === 0);
    return {
      kind,
      mediaType,
      artifactType: artifactType ?? config.mediaType,
      annotations,
      subject,
      blobs: [config, ...local],
      manifests: [],
    };
  }
  const manifests = checkDescriptorList(body.manifests, 'manifests');
  return { kind, mediaType, artifactType, annotations, subject, blobs: [], manifests };
}
