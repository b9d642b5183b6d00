/**
 * Notary Project signatures stored as OCI referrers of the image (notation's layout):
 * an image manifest whose config media type is `application/vnd.cncf.notary.signature`
 * (config `{}`), one layer holding the envelope (`application/jose+json` or
 * `application/cose`), the image as `subject`, and the chain's SHA-256 thumbprints as an
 * annotation. Listed through the referrers API, or the referrers tag schema on registries
 * without it (distribution 2.8), both handled by the registry client.
 */
import { createHash } from 'node:crypto';
import { describeError } from '../../core/errors.js';
import { digestOf } from '../../core/digest.js';
import { MediaType, type Descriptor, type ImageManifest } from '../../oci/manifest/index.js';
import { formatReference, withDigest, type ImageReference } from '../../oci/reference/index.js';
import type { RegistryClient } from '../../oci/remote/index.js';
import { CREATED_ANNOTATION, pushReferrerConfirmed } from '../remote/push-bundle.js';
import { EMPTY_JSON } from '../remote/signature-manifest.js';
import { decodeEnvelope, MAX_ENVELOPE_BYTES } from './envelope.js';
import { COSE_MEDIA_TYPE, JWS_MEDIA_TYPE, type NotationEnvelopeRef } from './envelope-types.js';
import { NOTARY_SIGNATURE_ARTIFACT_TYPE } from './payload.js';
import type { FetchedEnvelope } from './verify-image.js';

export const THUMBPRINT_ANNOTATION = 'io.cncf.notary.x509chain.thumbprint#S256';
/** Signatures read per image; notation's default limit is 100 too. */
export const MAX_NOTATION_SIGNATURES = 100;

export function notationSignatureManifest(
  subject: Descriptor,
  envelope: NotationEnvelopeRef,
  created: Date,
): ImageManifest {
  const chain = decodeEnvelope(
    envelope.bytes,
    envelope.mediaType,
    'the new signature',
  ).certificateChain;
  const thumbprints = chain.map((c) => createHash('sha256').update(c.raw).digest('hex'));
  return {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: {
      mediaType: NOTARY_SIGNATURE_ARTIFACT_TYPE,
      digest: digestOf(EMPTY_JSON),
      size: EMPTY_JSON.length,
    },
    layers: [
      {
        mediaType: envelope.mediaType,
        digest: digestOf(envelope.bytes),
        size: envelope.bytes.length,
      },
    ],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: {
      [THUMBPRINT_ANNOTATION]: JSON.stringify(thumbprints),
      [CREATED_ANNOTATION]: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}

/**
 * Pushes the envelope as a referrer of `subject` in `repo`; returns the signature
 * manifest's digest. The push is confirmed against the referrers listing as for Sigstore
 * bundles (the tag schema's index update can lose a race with another pusher).
 */
export async function pushNotationSignature(
  client: RegistryClient,
  repo: ImageReference,
  subject: Descriptor,
  envelope: NotationEnvelopeRef,
  options: { created?: Date; maxPushes?: number } = {},
): Promise<string> {
  await client.putBlob(repo, EMPTY_JSON);
  await client.putBlob(repo, envelope.bytes);
  const manifest = notationSignatureManifest(subject, envelope, options.created ?? new Date());
  return pushReferrerConfirmed(client, repo, manifest, options);
}

export interface ListedSignatures {
  readonly envelopes: readonly FetchedEnvelope[];
  /** Referrers that could not be read, with why; they count as absent. */
  readonly problems: readonly string[];
  readonly source: 'api' | 'tag-schema';
}

/** The envelopes attached to `subject` (pinned by digest); bytes checked against their digests. */
export async function listNotationSignatures(
  client: RegistryClient,
  subject: ImageReference,
): Promise<ListedSignatures> {
  const listed = await client.getReferrers(subject, {
    artifactType: NOTARY_SIGNATURE_ARTIFACT_TYPE,
  });
  const problems: string[] = [];
  const descriptors = listed.descriptors.slice(0, MAX_NOTATION_SIGNATURES);
  if (listed.descriptors.length > MAX_NOTATION_SIGNATURES)
    problems.push(
      `${listed.descriptors.length} signatures attached; only the first ${MAX_NOTATION_SIGNATURES} were read`,
    );
  const envelopes: FetchedEnvelope[] = [];
  for (const descriptor of descriptors) {
    const ref = withDigest(
      { registry: subject.registry, repository: subject.repository },
      descriptor.digest,
    );
    try {
      const fetched = await client.getManifest(ref);
      if (fetched.parsed.kind !== 'image') throw new Error('is an index, not a signature manifest');
      const manifest = fetched.parsed.manifest;
      const type = manifest.artifactType ?? manifest.config.mediaType;
      if (type !== NOTARY_SIGNATURE_ARTIFACT_TYPE) throw new Error(`has artifact type ${type}`);
      if (manifest.subject?.digest !== subject.digest) throw new Error('names another subject');
      const layer = manifest.layers[0];
      if (
        manifest.layers.length !== 1 ||
        (layer!.mediaType !== JWS_MEDIA_TYPE && layer!.mediaType !== COSE_MEDIA_TYPE)
      )
        throw new Error('does not hold exactly one JWS or COSE envelope layer');
      const bytes = await client.readBlob(ref, layer!.digest, MAX_ENVELOPE_BYTES);
      envelopes.push({ manifestDigest: fetched.digest, mediaType: layer!.mediaType, bytes });
    } catch (error) {
      problems.push(`signature ${formatReference(ref)}: ${describeError(error)}`);
    }
  }
  return { envelopes, problems, source: listed.source };
}
