/**
 * Lists everything attached to an image, for `signet image tree`, SBOM lookups and the CI
 * gate's evidence: the one module that reads attachments (signing/remote) lists them too,
 * with the same registry client, limits and layouts as the signature readers beside it.
 * Finds: cosign's `.sig`/`.att`/`.sbom` tags and the
 * artifacts that name it as `subject` (OCI referrers API, or the referrers tag schema on
 * registries without it). All lookups for one image run concurrently.
 */
import type { ImageReference } from '../../oci/reference/index.js';
import { withDigest, withTag } from '../../oci/reference/index.js';
import type { Descriptor } from '../../oci/manifest/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { isSignetError } from '../../core/errors.js';
import type { AttachmentKind } from '../../oci/attachments/index.js';
import { PREDICATE_TYPE_ANNOTATION, classifyArtifact } from '../../oci/attachments/index.js';
import type { TagSuffix } from '../../oci/attachments/index.js';
import { TAG_SUFFIXES, attachmentTag } from '../../oci/attachments/index.js';

export interface AttachedItem {
  readonly kind: AttachmentKind;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  readonly predicateType?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One manifest attached to the image, in either layout. */
export interface Attachment {
  readonly kind: AttachmentKind;
  readonly layout: 'tag' | 'referrer';
  /** The tag (`sha256-<hex>.sig`) for the tag layout; absent for referrers. */
  readonly tag?: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly artifactType?: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The layers of a tag-layout manifest: one per signature, attestation or SBOM. */
  readonly items: readonly AttachedItem[];
}

export interface AttachmentTree {
  readonly subject: { readonly digest: string };
  readonly attachments: readonly Attachment[];
  readonly referrersSource: 'api' | 'tag-schema';
}

/** `ref` must carry a digest (resolve tags first, and say so to the user). */
export async function discoverAttachments(
  client: RegistryClient,
  ref: ImageReference,
): Promise<AttachmentTree> {
  const digest = ref.digest;
  if (digest === undefined) throw new TypeError('discoverAttachments needs a digest reference');
  const suffixes = Object.keys(TAG_SUFFIXES) as TagSuffix[];
  const [tagged, referrers] = await Promise.all([
    Promise.all(suffixes.map((suffix) => readTagAttachment(client, ref, digest, suffix))),
    client.getReferrers(withDigest(ref, digest)),
  ]);
  return {
    subject: { digest },
    attachments: [
      ...tagged.filter((a): a is Attachment => a !== undefined),
      ...referrers.descriptors.map(referrerAttachment),
    ],
    referrersSource: referrers.source,
  };
}

async function readTagAttachment(
  client: RegistryClient,
  ref: ImageReference,
  digest: string,
  suffix: TagSuffix,
): Promise<Attachment | undefined> {
  const tag = attachmentTag(digest, suffix);
  let fetched;
  try {
    fetched = await client.getManifest(withTag(ref, tag));
  } catch (error) {
    if (isSignetError(error) && error.code === 'REGISTRY_NOT_FOUND') return undefined;
    throw error;
  }
  const kind = TAG_SUFFIXES[suffix];
  const layers = fetched.parsed.kind === 'image' ? fetched.parsed.manifest.layers : [];
  return {
    kind,
    layout: 'tag',
    tag,
    digest: fetched.digest,
    mediaType: fetched.mediaType,
    annotations: fetched.parsed.manifest.annotations ?? {},
    items: layers.map((layer) => attachedItem(layer, kind)),
  };
}

function attachedItem(layer: Descriptor, fallback: AttachmentKind): AttachedItem {
  const annotations = layer.annotations ?? {};
  const classified = classifyArtifact(layer.mediaType, annotations);
  const predicateType = annotations[PREDICATE_TYPE_ANNOTATION];
  return {
    kind: classified === 'other' ? fallback : classified,
    digest: layer.digest,
    mediaType: layer.mediaType,
    size: layer.size,
    ...(predicateType !== undefined ? { predicateType } : {}),
    annotations,
  };
}

function referrerAttachment(descriptor: Descriptor): Attachment {
  const annotations = descriptor.annotations ?? {};
  const type = descriptor.artifactType ?? descriptor.mediaType;
  return {
    kind: classifyArtifact(type, annotations),
    layout: 'referrer',
    digest: descriptor.digest,
    mediaType: descriptor.mediaType,
    ...(descriptor.artifactType !== undefined ? { artifactType: descriptor.artifactType } : {}),
    annotations,
    items: [],
  };
}
