/**
 * Manifest operations (distribution spec, "Pulling manifests", "Pushing manifests"). Every
 * manifest read is bounded to 4 MiB and checked against the digest it was asked for; a
 * tag read is checked against the registry's Docker-Content-Digest when it sends one.
 */
import { DIGEST_ERRORS, digestOf, isDigest, verifyDigest } from '../../core/digest.js';
import { errorFactory } from '../../core/errors.js';
import {
  type Descriptor,
  MANIFEST_ACCEPT,
  MAX_MANIFEST_BYTES,
  type ParsedManifest,
  parseManifest,
} from '../manifest/index.js';
import { manifestError } from '../manifest/errors.js';
import type { ImageReference } from '../reference/index.js';
import {
  type RegistryResponse,
  type RegistryTransport,
  discardBody,
  headerValue,
  pullScope,
  pushScope,
  registryError,
} from '../transport/index.js';
import { describeManifest, manifestPath, manifestReference } from './naming.js';

const digestError = errorFactory(DIGEST_ERRORS);

export interface FetchedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly parsed: ParsedManifest;
}

export async function getManifest(
  t: RegistryTransport,
  ref: ImageReference,
): Promise<FetchedManifest> {
  const what = describeManifest(ref);
  const response = await t.request({
    method: 'GET',
    target: manifestPath(ref),
    scopes: [pullScope(ref.repository)],
    what,
    headers: { accept: MANIFEST_ACCEPT },
  });
  const bytes = await t.readBody(response, MAX_MANIFEST_BYTES, what, (size) =>
    manifestError(
      'MANIFEST_TOO_LARGE',
      `${what} is ${size} bytes or more, over the ${MAX_MANIFEST_BYTES}-byte limit; refusing to read it`,
      { details: { registry: ref.registry, limit: MAX_MANIFEST_BYTES } },
    ),
  );
  const digest = verifyManifestBytes(bytes, ref, response, what);
  const parsed = parseManifest(bytes, headerValue(response.headers, 'content-type'), what);
  return { digest, mediaType: parsed.mediaType, bytes, parsed };
}

/**
 * The digest of fetched bytes: the requested digest, which they must hash to, or for a tag
 * the computed sha256, which must match Docker-Content-Digest when the registry sends it.
 */
function verifyManifestBytes(
  bytes: Uint8Array,
  ref: ImageReference,
  response: RegistryResponse,
  what: string,
): string {
  if (ref.digest !== undefined) {
    verifyDigest(bytes, ref.digest, what);
    return ref.digest;
  }
  const claimed = headerValue(response.headers, 'docker-content-digest')?.trim();
  if (claimed !== undefined && isDigest(claimed)) {
    verifyDigest(bytes, claimed, `${what} (Docker-Content-Digest)`);
  }
  return digestOf(bytes);
}

/** HEAD of a manifest; undefined on 404. Falls back to GET when headers are incomplete. */
export async function headManifest(
  t: RegistryTransport,
  ref: ImageReference,
): Promise<Descriptor | undefined> {
  const what = describeManifest(ref);
  const response = await t.request({
    method: 'HEAD',
    target: manifestPath(ref),
    scopes: [pullScope(ref.repository)],
    what,
    headers: { accept: MANIFEST_ACCEPT },
    allowStatus: [404, 405],
  });
  discardBody(response.body);
  if (response.status === 404) return undefined;
  const digest = headerValue(response.headers, 'docker-content-digest')?.trim();
  const mediaType = headerValue(response.headers, 'content-type')?.split(';')[0]?.trim();
  const size = Number(headerValue(response.headers, 'content-length'));
  const complete =
    response.status !== 405 &&
    digest !== undefined &&
    isDigest(digest) &&
    mediaType !== undefined &&
    Number.isSafeInteger(size);
  if (!complete) {
    const fetched = await getManifest(t, ref);
    return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.byteLength };
  }
  if (ref.digest !== undefined && digest !== ref.digest) {
    throw digestError(
      'DIGEST_MISMATCH',
      `${what}: the registry reports digest ${digest} for it; refusing to use it`,
      { details: { expected: ref.digest, actual: digest } },
    );
  }
  return { mediaType, digest, size };
}

export async function resolveDigest(t: RegistryTransport, ref: ImageReference): Promise<string> {
  if (ref.digest !== undefined) {
    manifestReference(ref); // validates the digest
    return ref.digest;
  }
  const descriptor = await headManifest(t, ref);
  if (descriptor === undefined) {
    throw registryError(
      'REGISTRY_NOT_FOUND',
      `${describeManifest(ref)} was not found in registry ${ref.registry} (HTTP 404); check the repository name and tag`,
      { details: { registry: ref.registry, status: 404 } },
    );
  }
  return descriptor.digest;
}

export interface PushedManifest {
  readonly digest: string;
  /** OCI-Subject header: the registry processed `subject` (distribution spec 1.1). */
  readonly subjectAccepted: boolean;
}

/** PUT a manifest by tag or digest after validating it; returns its digest. */
export async function putManifest(
  t: RegistryTransport,
  ref: ImageReference,
  bytes: Uint8Array,
  mediaType: string,
): Promise<PushedManifest> {
  const what = describeManifest(ref);
  parseManifest(bytes, mediaType, `${what} (to push)`); // also enforces the 4 MiB limit
  const digest = ref.digest ?? digestOf(bytes);
  if (ref.digest !== undefined) verifyDigest(bytes, ref.digest, `${what} (to push)`);
  const response = await t.request({
    method: 'PUT',
    target: manifestPath(ref),
    scopes: [pushScope(ref.repository)],
    what,
    headers: { 'content-type': mediaType },
    body: bytes,
  });
  discardBody(response.body);
  const stored = headerValue(response.headers, 'docker-content-digest')?.trim();
  if (
    stored !== undefined &&
    isDigest(stored) &&
    stored.split(':')[0] === digest.split(':')[0] &&
    stored !== digest
  ) {
    throw registryError(
      'REGISTRY_PROTOCOL',
      `registry ${ref.registry} stored ${what} under digest ${stored}, not ${digest}; it altered the manifest`,
      { details: { registry: ref.registry, expected: digest, actual: stored } },
    );
  }
  return { digest, subjectAccepted: headerValue(response.headers, 'oci-subject') !== undefined };
}
