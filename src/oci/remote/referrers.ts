/**
 * Referrers (OCI distribution spec 1.1, "Listing referrers"): the referrers API where the
 * registry has it, else the referrers tag schema, an index tagged `<alg>-<hex>` listing
 * the referrers of that digest. Registries without the API (distribution 2.8) answer 404.
 */
import { parseDigest } from '../../core/digest.js';
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  MAX_MANIFEST_BYTES,
  MediaType,
  parseManifest,
} from '../manifest/index.js';
import type { ImageReference } from '../reference/index.js';
import { formatReference, withTag } from '../reference/index.js';
import {
  type RegistryTransport,
  discardBody,
  headerValue,
  pullScope,
  registryError,
} from '../transport/index.js';
import { remoteError } from './errors.js';
import { nextLink } from './link-header.js';
import { getManifest } from './manifests.js';

export interface Referrers {
  descriptors: Descriptor[];
  source: 'api' | 'tag-schema';
}

/** Pages of a referrers listing followed at most; each page is a ≤4 MiB index. */
const MAX_REFERRER_PAGES = 20;

/**
 * Registries seen to lack the referrers API, until when: later listings go straight to the
 * tag schema, saving a round trip per image on distribution 2.8. Forgotten after ten
 * minutes so that a long-lived client (the webhook's) notices a registry that upgraded.
 * One transport serves one registry host of one client.
 */
const WITHOUT_API_MS = 10 * 60 * 1000;
const withoutApiUntil = new WeakMap<RegistryTransport, number>();

/** The fallback tag: `<alg>-<hex>`, truncated to the spec's 32 + 64 characters. */
export function referrersTag(digest: string): string {
  const { algorithm, hex } = parseDigest(digest);
  return `${algorithm.slice(0, 32)}-${hex.slice(0, 64)}`;
}

function subjectDigest(subject: ImageReference, operation: string): string {
  if (subject.digest === undefined) {
    throw remoteError(
      'REFERENCE_NEEDS_DIGEST',
      `${operation} needs the subject pinned by digest, but ${formatReference(subject)} has none; resolve it first (image@sha256:...)`,
    );
  }
  parseDigest(subject.digest);
  return subject.digest;
}

export async function getReferrers(
  t: RegistryTransport,
  subject: ImageReference,
  artifactType?: string,
): Promise<Referrers> {
  const digest = subjectDigest(subject, 'listing referrers');
  if ((withoutApiUntil.get(t) ?? 0) <= Date.now()) {
    const fromApi = await referrersFromApi(t, subject, digest, artifactType);
    if (fromApi !== undefined) return { descriptors: fromApi, source: 'api' };
    withoutApiUntil.set(t, Date.now() + WITHOUT_API_MS);
  }
  const index = await readFallbackIndex(t, subject, digest);
  const all = index?.manifests ?? [];
  return { descriptors: filterByType(all, artifactType), source: 'tag-schema' };
}

/** The API's answer, or undefined when the registry does not serve the API. */
async function referrersFromApi(
  t: RegistryTransport,
  subject: ImageReference,
  digest: string,
  artifactType: string | undefined,
): Promise<Descriptor[] | undefined> {
  const what = `referrers of ${formatReference(subject)}`;
  const found: Descriptor[] = [];
  let target: string | undefined = `/v2/${subject.repository}/referrers/${digest}`;
  for (let page = 0; target !== undefined && page < MAX_REFERRER_PAGES; page++) {
    const response = await t.request({
      method: 'GET',
      target,
      ...(page === 0 && artifactType !== undefined ? { query: { artifactType } } : {}),
      scopes: [pullScope(subject.repository)],
      what,
      headers: { accept: MediaType.OciIndex },
      allowStatus: [404],
    });
    if (response.status === 404) {
      discardBody(response.body);
      if (page === 0) return undefined;
      throw registryError(
        'REGISTRY_PROTOCOL',
        `registry ${subject.registry} lost a page of ${what}`,
        {
          details: { registry: subject.registry },
        },
      );
    }
    const body = await t.readBody(response, MAX_MANIFEST_BYTES, what, () =>
      registryError(
        'REGISTRY_PROTOCOL',
        `registry ${subject.registry} sent over 4 MiB of ${what}`,
        {
          details: { registry: subject.registry },
        },
      ),
    );
    const index = asIndex(body, headerValue(response.headers, 'content-type'), what);
    // A 200 that is not an index is some other handler (a proxy's page): no API there.
    if (index === undefined) return page === 0 ? undefined : found;
    const filtered = (headerValue(response.headers, 'oci-filters-applied') ?? '')
      .split(',')
      .map((f) => f.trim())
      .includes('artifactType');
    found.push(...(filtered ? index.manifests : filterByType(index.manifests, artifactType)));
    const next = nextLink(response.headers.link);
    target = next === undefined ? undefined : new URL(next, response.url).toString();
  }
  return found;
}

function asIndex(
  body: Uint8Array,
  contentType: string | undefined,
  what: string,
): ImageIndex | undefined {
  try {
    const parsed = parseManifest(body, contentType, what);
    return parsed.kind === 'index' ? parsed.manifest : undefined;
  } catch {
    return undefined;
  }
}

function filterByType(descriptors: Descriptor[], artifactType: string | undefined): Descriptor[] {
  if (artifactType === undefined) return descriptors;
  return descriptors.filter((d) => d.artifactType === artifactType);
}

/** The referrers tag index, or undefined when the tag does not exist. */
export async function readFallbackIndex(
  t: RegistryTransport,
  subject: ImageReference,
  digest: string,
): Promise<ImageIndex | undefined> {
  const tagRef = withTag(subject, referrersTag(digest));
  let fetched;
  try {
    fetched = await getManifest(t, tagRef);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'REGISTRY_NOT_FOUND') return undefined;
    throw err;
  }
  if (fetched.parsed.kind !== 'index') {
    throw registryError(
      'REGISTRY_PROTOCOL',
      `${formatReference(tagRef)} should be a referrers index (OCI referrers tag schema) but is an image manifest; remove or rename that tag`,
      { details: { registry: subject.registry } },
    );
  }
  return fetched.parsed.manifest;
}

/** The descriptor a referrers index lists for a manifest (spec: artifactType falls back to config.mediaType). */
export function referrerDescriptor(
  manifest: ImageManifest | ImageIndex,
  mediaType: string,
  digest: string,
  size: number,
): Descriptor {
  const artifactType =
    manifest.artifactType ?? ('config' in manifest ? manifest.config.mediaType : undefined);
  return {
    mediaType,
    digest,
    size,
    ...(artifactType === undefined ? {} : { artifactType }),
    ...(manifest.annotations === undefined ? {} : { annotations: manifest.annotations }),
  };
}
