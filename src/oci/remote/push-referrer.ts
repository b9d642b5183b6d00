/**
 * Pushing a referrer (OCI distribution spec 1.1, "Pushing manifests with subject"): the
 * manifest is pushed by digest; a registry with the referrers API says so with an
 * `OCI-Subject` header. Without it, the client maintains the referrers tag index itself
 * (read, add or replace the descriptor, write back). That read-modify-write is not atomic:
 * two concurrent pushers can lose one entry (distribution 2.8 has no conditional PUT).
 */
import { digestOf } from '../../core/digest.js';
import { type ImageIndex, type ImageManifest, MediaType } from '../manifest/index.js';
import type { ImageReference } from '../reference/index.js';
import { withDigest, withTag } from '../reference/index.js';
import type { RegistryTransport } from '../transport/index.js';
import { putManifest } from './manifests.js';
import { readFallbackIndex, referrerDescriptor, referrersTag } from './referrers.js';

export async function pushReferrer(
  t: RegistryTransport,
  repo: ImageReference,
  manifest: ImageManifest | ImageIndex,
): Promise<string> {
  const mediaType =
    manifest.mediaType ?? ('manifests' in manifest ? MediaType.OciIndex : MediaType.OciManifest);
  const bytes = new TextEncoder().encode(JSON.stringify(manifest));
  const pushed = await putManifest(t, withDigest(repo, digestOf(bytes)), bytes, mediaType);
  const subject = manifest.subject;
  if (subject === undefined || pushed.subjectAccepted) return pushed.digest;
  const entry = referrerDescriptor(manifest, mediaType, pushed.digest, bytes.byteLength);
  const existing = await readFallbackIndex(t, repo, subject.digest);
  const others = (existing?.manifests ?? []).filter((d) => d.digest !== pushed.digest);
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.OciIndex,
    manifests: [...others, entry],
    ...(existing?.annotations === undefined ? {} : { annotations: existing.annotations }),
  };
  const indexBytes = new TextEncoder().encode(JSON.stringify(index));
  await putManifest(t, withTag(repo, referrersTag(subject.digest)), indexBytes, MediaType.OciIndex);
  return pushed.digest;
}
