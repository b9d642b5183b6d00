/**
 * Blob reads (distribution spec, "Pulling blobs"). Blobs are fetched by digest only, and
 * every byte is checked against it: streamed reads fail at the end, bounded reads before
 * returning. Registries may redirect blob reads to storage; those are followed without
 * credentials.
 */
import type { Readable } from 'node:stream';
import { verifyDigest } from '../../core/digest.js';
import type { ImageReference } from '../reference/index.js';
import {
  type RegistryTransport,
  discardBody,
  pullScope,
  registryError,
} from '../transport/index.js';
import { blobPath, describeBlob } from './naming.js';
import { digestVerifyingStream } from './verifying-stream.js';

/** GET of a blob by digest, following redirects to storage (sent without credentials). */
function requestBlob(t: RegistryTransport, ref: ImageReference, digest: string, what: string) {
  return t.request({
    method: 'GET',
    target: blobPath(ref, digest),
    scopes: [pullScope(ref.repository)],
    what,
    followRedirects: true,
  });
}

export async function getBlob(
  t: RegistryTransport,
  ref: ImageReference,
  digest: string,
): Promise<Readable> {
  const what = describeBlob(ref, digest);
  const response = await requestBlob(t, ref, digest, what);
  const verifier = digestVerifyingStream(digest, what);
  const source = response.body;
  // Wired by hand rather than with pipeline(): source errors are translated to typed
  // errors, and a consumer that stops reading releases the connection.
  source.on('error', (err) => verifier.destroy(t.bodyFailure(err, response.url, what)));
  verifier.on('close', () => {
    if (!source.readableEnded) discardBody(source);
  });
  source.pipe(verifier);
  return verifier;
}

export async function readBlob(
  t: RegistryTransport,
  ref: ImageReference,
  digest: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const what = describeBlob(ref, digest);
  const response = await requestBlob(t, ref, digest, what);
  const bytes = await t.readBody(response, maxBytes, what, (size) =>
    registryError(
      'BLOB_TOO_LARGE',
      `${what} is ${size} bytes or more, over the ${maxBytes}-byte limit for it; refusing to read it`,
      { details: { registry: ref.registry, limit: maxBytes } },
    ),
  );
  verifyDigest(bytes, digest, what);
  return bytes;
}

export async function blobExists(
  t: RegistryTransport,
  ref: ImageReference,
  digest: string,
  scopes: readonly string[] = [pullScope(ref.repository)],
): Promise<boolean> {
  const response = await t.request({
    method: 'HEAD',
    target: blobPath(ref, digest),
    scopes,
    what: describeBlob(ref, digest),
    allowStatus: [404],
    followRedirects: true,
  });
  discardBody(response.body);
  return response.status !== 404;
}
