/**
 * Blob pushes (distribution spec, "Pushing blobs"): monolithic (POST opens a session, PUT
 * with ?digest= closes it with the whole body) or chunked (PATCH each chunk with
 * Content-Range, then PUT), and cross-repository mounts (POST ?mount=&from=).
 */
import { digestOf } from '../../core/digest.js';
import type { Descriptor } from '../manifest/index.js';
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
import { blobExists } from './blobs.js';
import { describeBlob, uploadPath } from './naming.js';

/** Smallest chunk accepted: below this, chunking only multiplies round trips. */
const MIN_CHUNK_SIZE = 1024;
const OCTET_STREAM = 'application/octet-stream';

export async function putBlob(
  t: RegistryTransport,
  ref: ImageReference,
  data: Uint8Array,
  chunkSize?: number,
): Promise<Descriptor> {
  const digest = digestOf(data);
  const descriptor: Descriptor = { mediaType: OCTET_STREAM, digest, size: data.byteLength };
  const scopes = [pushScope(ref.repository)];
  if (await blobExists(t, ref, digest, scopes)) return descriptor;
  const what = describeBlob(ref, digest);
  const opened = await t.request({ method: 'POST', target: uploadPath(ref), scopes, what });
  let location = uploadLocation(opened, ref, what);
  if (chunkSize !== undefined) {
    const size = Math.max(MIN_CHUNK_SIZE, Math.floor(chunkSize));
    for (let start = 0; start < data.byteLength; start += size) {
      const chunk = data.subarray(start, Math.min(start + size, data.byteLength));
      const response = await t.request({
        method: 'PATCH',
        target: location,
        scopes,
        what,
        headers: {
          'content-type': OCTET_STREAM,
          'content-range': `${start}-${start + chunk.byteLength - 1}`,
        },
        body: chunk,
        retryable: false, // a replayed chunk would be appended twice
      });
      checkRange(response, start + chunk.byteLength, ref, what);
      location = uploadLocation(response, ref, what);
    }
  }
  const closed = await t.request({
    method: 'PUT',
    target: location,
    query: { digest },
    scopes,
    what,
    headers: { 'content-type': OCTET_STREAM },
    body: chunkSize === undefined ? data : new Uint8Array(0),
  });
  discardBody(closed.body);
  return descriptor;
}

/**
 * Asks the registry to link a blob from another repository of the same registry. 201
 * means mounted; 202 means it opened an upload session instead (spec: "Mounting a blob from
 * another repository"), which is abandoned here so the caller uploads the usual way.
 */
export async function mountBlob(
  t: RegistryTransport,
  from: ImageReference,
  to: ImageReference,
  digest: string,
): Promise<boolean> {
  if (from.registry !== to.registry) return false;
  const what = describeBlob(to, digest);
  const response = await t.request({
    method: 'POST',
    target: uploadPath(to),
    query: { mount: digest, from: from.repository },
    scopes: [pushScope(to.repository), pullScope(from.repository)],
    what: `${what} (mount from ${from.repository})`,
  });
  discardBody(response.body);
  if (response.status === 201) return true;
  const location = headerValue(response.headers, 'location');
  if (location !== undefined) await cancelUpload(t, to, location, what);
  return false;
}

/** Best effort: an abandoned session only costs the registry storage until it purges uploads. */
async function cancelUpload(
  t: RegistryTransport,
  ref: ImageReference,
  location: string,
  what: string,
) {
  try {
    const response = await t.request({
      method: 'DELETE',
      target: location,
      scopes: [pushScope(ref.repository)],
      what,
      retryable: false,
      allowStatus: [404, 405],
    });
    discardBody(response.body);
  } catch {
    // Nothing to do: the upload the caller makes next does not depend on this one.
  }
}

function uploadLocation(response: RegistryResponse, ref: ImageReference, what: string): string {
  discardBody(response.body);
  const location = headerValue(response.headers, 'location');
  if (location === undefined || location === '') {
    throw registryError(
      'REGISTRY_PROTOCOL',
      `registry ${ref.registry} opened an upload for ${what} without a Location header`,
      { details: { registry: ref.registry, status: response.status } },
    );
  }
  return location;
}

/** After a PATCH the registry reports `Range: 0-<last byte>`; it must cover what we sent. */
function checkRange(response: RegistryResponse, sent: number, ref: ImageReference, what: string) {
  const range = headerValue(response.headers, 'range');
  if (range === undefined) return; // optional for some registries; the final digest still checks
  const match = /^(?:bytes=)?0-(\d+)$/.exec(range.trim());
  if (match === null || Number(match[1]) !== sent - 1) {
    throw registryError(
      'REGISTRY_PROTOCOL',
      `registry ${ref.registry} reports range ${range} for ${what} after ${sent} bytes were sent`,
      { details: { registry: ref.registry, range, sent } },
    );
  }
}
