/**
 * The steps `signet sign` and `signet attest` share, so that signatures and attestations
 * are written the same way: the subject manifest, the repository signatures go to, a DSSE
 * envelope recorded as a Rekor `dsse` entry before anything is pushed, and the two
 * layouts: a layer appended to the legacy `sha256-<hex>.sig`/`.att` tag (cosign v2), or a
 * Sigstore bundle pushed as an OCI referrer of the image (cosign v3). What differs (the
 * payload, the layer's media type and annotations, the predicate type) is a parameter.
 */
import type { PrivateKey } from '../../core/keys/index.js';
import type { DsseEnvelope } from '../../core/dsse.js';
import type { Descriptor } from '../../oci/manifest/index.js';
import {
  formatReference,
  withDigest,
  withTag,
  type ImageReference,
} from '../../oci/reference/index.js';
import type { FetchedManifest, RegistryClient } from '../../oci/remote/index.js';
import { attachmentTag } from '../../oci/attachments/index.js';
import {
  bundleKeyHint,
  encodeDsseBundle,
  signDsse,
  transparencyLogEntryJson,
} from '../bundle/index.js';
import {
  appendSignatureLayer,
  pushBundleReferrer,
  signatureLayerDescriptor,
  type SignatureLocation,
  type WriteOptions,
} from '../remote/index.js';
import type { LogEntryJson } from '../../tlog/entry/index.js';
import {
  logDsseEnvelope,
  type LoggedEntry,
  type TransparencyLogWriter,
} from './transparency-log.js';

/** Where a signature or attestation went: the tag, or the referrer manifest by digest. */
export interface PushedAttachment {
  readonly pushedTo: string;
  readonly pushedDigest: string;
}

/** A signed envelope and, with a log, the `dsse` entry made for it. */
export interface RecordedDsse {
  readonly envelope: DsseEnvelope;
  readonly recorded?: { readonly entry: LogEntryJson; readonly logged: LoggedEntry };
}

/** The manifest `ref` names, and its descriptor: the subject of what is attached to it. */
export async function fetchSubject(
  client: RegistryClient,
  ref: ImageReference,
): Promise<{ fetched: FetchedManifest; subject: Descriptor }> {
  const fetched = await client.getManifest(ref);
  const subject = {
    mediaType: fetched.mediaType,
    digest: fetched.digest,
    size: fetched.bytes.length,
  };
  return { fetched, subject };
}

/** The image pinned by digest, and the repository its signatures go to (`signatureRepository` or its own). */
export function signatureTargets(
  ref: ImageReference,
  digest: string,
  signatureRepository: SignatureLocation | undefined,
): { image: ImageReference; store: ImageReference } {
  const own = { registry: ref.registry, repository: ref.repository };
  return { image: withDigest(own, digest), store: signatureRepository ?? own };
}

/** Signs `statement`; with a log, records the envelope before anything is pushed. */
export async function signAndRecordDsse(
  key: PrivateKey,
  statement: Uint8Array,
  log: TransparencyLogWriter | undefined,
): Promise<RecordedDsse> {
  const envelope = signDsse(key, statement);
  if (log === undefined) return { envelope };
  return { envelope, recorded: await logDsseEnvelope(log, key, envelope) };
}

/** The cosign v3 layout: `signed` in a Sigstore bundle, pushed as a referrer of `subject`. */
export async function pushDsseBundleReferrer(
  client: RegistryClient,
  store: ImageReference,
  subject: Descriptor,
  key: PrivateKey,
  signed: RecordedDsse,
  predicateType: string,
  now: (() => Date) | undefined,
): Promise<PushedAttachment> {
  const { envelope, recorded } = signed;
  const bundle = encodeDsseBundle(
    envelope,
    bundleKeyHint(key.publicKey),
    recorded === undefined ? [] : [transparencyLogEntryJson(recorded.entry)],
  );
  const digest = await pushBundleReferrer(client, store, subject, bundle, {
    predicateType,
    ...(now === undefined ? {} : { created: now() }),
  });
  return { pushedTo: formatReference(withDigest(store, digest)), pushedDigest: digest };
}

/** The legacy tag of `subjectDigest`'s signatures (`sig`) or attestations (`att`) in `store`. */
export function legacyTag(
  store: ImageReference,
  subjectDigest: string,
  kind: 'sig' | 'att',
): ImageReference {
  return withTag(store, attachmentTag(subjectDigest, kind));
}

/** The cosign v2 layout: `payload` appended as one layer of the legacy tag. */
export async function appendLegacyLayer(
  client: RegistryClient,
  tagRef: ImageReference,
  payload: Uint8Array,
  layer: { readonly mediaType: string; readonly annotations: Readonly<Record<string, string>> },
  write: WriteOptions | undefined,
): Promise<PushedAttachment & { readonly alreadyPresent: boolean }> {
  const descriptor = signatureLayerDescriptor(layer.mediaType, payload, layer.annotations);
  const written = await appendSignatureLayer(client, tagRef, payload, descriptor, write);
  return {
    pushedTo: formatReference(tagRef),
    pushedDigest: written.manifestDigest,
    alreadyPresent: written.alreadyPresent,
  };
}
