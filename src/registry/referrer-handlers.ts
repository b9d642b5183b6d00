/**
 * GET /v2/<name>/referrers/<digest> (distribution spec 1.1, "Listing Referrers"): an OCI
 * image index listing the manifests whose `subject` is the digest, optionally filtered by
 * `artifactType`. With the API switched off the endpoint answers as distribution 2.8 does
 * (its router's plain-text 404), so clients exercise their tag-schema fallback.
 */
import { MediaType } from '../oci/manifest/index.js';
import { respondJson, respondNoRoute, type Exchange } from './http-exchange.js';
import { checkDigest } from './names.js';
import type { RegistryContext } from './registry-context.js';

export async function listReferrers(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  digestText: string,
): Promise<void> {
  if (!ctx.referrersApi) {
    respondNoRoute(ex);
    return;
  }
  const subject = checkDigest(digestText);
  const artifactType = ex.query.get('artifactType');
  const all = await ctx.storage.listReferrers(name, subject);
  const manifests = all
    .filter((d) => artifactType === null || d.artifactType === artifactType)
    .sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  respondJson(
    ex,
    200,
    { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests },
    {
      'Content-Type': MediaType.OciIndex,
      ...(artifactType !== null ? { 'OCI-Filters-Applied': 'artifactType' } : {}),
    },
  );
}
