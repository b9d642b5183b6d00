/** Manifest endpoints: GET/HEAD/PUT/DELETE /v2/<name>/manifests/<reference> (distribution spec). */
import { digestOf, parseDigest } from '../core/digest.js';
import type { Descriptor } from '../oci/manifest/index.js';
import { DistributionError } from './distribution-error.js';
import { respond, type Exchange } from './http-exchange.js';
import { validateManifest, type ValidatedManifest } from './manifest-validation.js';
import { parseManifestReference } from './names.js';
import type { RegistryContext } from './registry-context.js';
import { readBoundedBody } from './request-body.js';

function manifestUnknown(reference: string): DistributionError {
  return new DistributionError('MANIFEST_UNKNOWN', 'manifest unknown to registry', { reference });
}

async function resolveReference(
  ctx: RegistryContext,
  name: string,
  reference: string,
): Promise<string> {
  const parsed = parseManifestReference(reference);
  switch (parsed.kind) {
    case 'digest':
      return parsed.digest;
    case 'tag': {
      const digest = await ctx.storage.resolveTag(name, parsed.tag);
      if (digest === undefined) throw manifestUnknown(reference);
      return digest;
    }
  }
}

export async function getManifest(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  reference: string,
): Promise<void> {
  const digest = await resolveReference(ctx, name, reference);
  const stored = await ctx.storage.getManifest(name, digest);
  if (stored === undefined) throw manifestUnknown(reference);
  respond(
    ex,
    200,
    { 'Content-Type': stored.mediaType, 'Docker-Content-Digest': digest, ETag: `"${digest}"` },
    stored.bytes,
  );
}

/** distribution's existence checks (see manifest-validation.ts for why these and no more). */
async function checkReferencedContent(
  ctx: RegistryContext,
  name: string,
  manifest: ValidatedManifest,
): Promise<void> {
  const unknown = (message: string, digest: string) =>
    new DistributionError('MANIFEST_BLOB_UNKNOWN', message, { digest });
  for (const blob of manifest.blobs) {
    if ((await ctx.storage.statBlob(name, blob.digest)) === undefined) {
      throw unknown('manifest references a blob unknown to the repository', blob.digest);
    }
  }
  for (const child of manifest.manifests) {
    if ((await ctx.storage.getManifest(name, child.digest)) === undefined) {
      throw unknown('index references a manifest unknown to the repository', child.digest);
    }
  }
}

export async function putManifest(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  reference: string,
): Promise<void> {
  const target = parseManifestReference(reference);
  const bytes = await readBoundedBody(ex.req, ctx.maxManifestBytes, 'manifest');
  const manifest = validateManifest(bytes, ex.req.headers['content-type']);
  const algorithm = target.kind === 'digest' ? parseDigest(target.digest).algorithm : 'sha256';
  const digest = digestOf(bytes, algorithm);
  if (target.kind === 'digest' && target.digest !== digest) {
    throw new DistributionError(
      'DIGEST_INVALID',
      'manifest content does not match the digest in the path',
      { expected: target.digest, actual: digest },
    );
  }
  await checkReferencedContent(ctx, name, manifest);
  await ctx.storage.putManifest(name, digest, { mediaType: manifest.mediaType, bytes });
  if (target.kind === 'tag') await ctx.storage.setTag(name, target.tag, digest);
  if (manifest.subject !== undefined) {
    const referrer: Descriptor = { mediaType: manifest.mediaType, digest, size: bytes.byteLength };
    if (manifest.artifactType !== undefined) referrer.artifactType = manifest.artifactType;
    if (manifest.annotations !== undefined) referrer.annotations = manifest.annotations;
    await ctx.storage.addReferrer(name, manifest.subject.digest, referrer);
  }
  respond(ex, 201, {
    Location: `/v2/${name}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
    ...(manifest.subject !== undefined && ctx.referrersApi
      ? { 'OCI-Subject': manifest.subject.digest }
      : {}),
  });
}

/** The subject a stored manifest declares, if it parses (it was validated when pushed). */
function storedSubject(bytes: Uint8Array): string | undefined {
  try {
    const body = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
      subject?: { digest?: unknown };
    };
    return typeof body.subject?.digest === 'string' ? body.subject.digest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deleting by tag removes only the tag (spec 1.1). Deleting by digest removes the manifest,
 * every tag pointing at it (as distribution does) and its entry in the referrers list.
 */
export async function deleteManifest(
  ctx: RegistryContext,
  ex: Exchange,
  name: string,
  reference: string,
): Promise<void> {
  const target = parseManifestReference(reference);
  switch (target.kind) {
    case 'tag':
      if (!(await ctx.storage.deleteTag(name, target.tag))) throw manifestUnknown(reference);
      break;
    case 'digest': {
      const stored = await ctx.storage.getManifest(name, target.digest);
      if (stored === undefined) throw manifestUnknown(reference);
      await ctx.storage.deleteManifest(name, target.digest);
      for (const tag of (await ctx.storage.listTags(name)) ?? []) {
        if ((await ctx.storage.resolveTag(name, tag)) === target.digest)
          await ctx.storage.deleteTag(name, tag);
      }
      const subject = storedSubject(stored.bytes);
      if (subject !== undefined) await ctx.storage.removeReferrer(name, subject, target.digest);
      break;
    }
  }
  respond(ex, 202);
}
