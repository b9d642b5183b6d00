/**
 * Plain HTTP against a registry, for tests that check the wire protocol itself rather
 * than Signet's client: exact paths (node:http does not normalise `..`), Basic auth, and
 * the few pushes a test needs as set-up.
 */
import { request } from 'node:http';
import { digestOf } from '../core/digest.js';
import type { RegistryCredentials } from './running-registry.js';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The body parsed as JSON; typed loosely because tests probe arbitrary answer shapes. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
  /** The first error code of a distribution error body, if any. */
  errorCode(): string | undefined;
}

export interface RawRequest {
  readonly method?: string;
  readonly headers?: Record<string, string | number>;
  readonly body?: Uint8Array | string;
  readonly auth?: RegistryCredentials;
}

function basicAuthorization(auth: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}

/** Sends `path` exactly as given to the registry at `url` (http://host:port). */
export function rawRequest(
  url: string,
  path: string,
  options: RawRequest = {},
): Promise<RawResponse> {
  const target = new URL(url);
  const headers: Record<string, string | number> = { ...options.headers };
  if (options.auth !== undefined) headers.Authorization = basicAuthorization(options.auth);
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  if (body !== undefined && headers['Content-Length'] === undefined)
    headers['Content-Length'] = body.byteLength;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method: options.method ?? 'GET', path, headers },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const data = Buffer.concat(parts);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: data,
            // eslint-disable-next-line @typescript-eslint/no-unsafe-return
            json: () => JSON.parse(data.toString('utf8')),
            errorCode() {
              try {
                const parsed = JSON.parse(data.toString('utf8')) as {
                  errors?: { code?: string }[];
                };
                return parsed.errors?.[0]?.code;
              } catch {
                return undefined;
              }
            },
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Path and query of an upload Location, which registries give relative or absolute. */
export function locationPath(url: string, location: string | string[] | undefined): string {
  const resolved = new URL(String(location), url);
  return resolved.pathname + resolved.search;
}

/** `path` with `digest=` added to its query; an upload Location may carry a query already. */
export function withDigestQuery(path: string, digest: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}digest=${digest}`;
}

/**
 * Uploads a blob in one request (POST with ?digest=); a registry that ignores the digest
 * and opens a session instead (distribution 2.8 does) gets the bytes in the closing PUT.
 */
export async function pushBlobRaw(
  url: string,
  repository: string,
  bytes: Uint8Array,
  auth?: RegistryCredentials,
): Promise<string> {
  const digest = digestOf(bytes);
  const headers = { 'Content-Type': 'application/octet-stream' };
  let res = await rawRequest(url, `/v2/${repository}/blobs/uploads/?digest=${digest}`, {
    method: 'POST',
    headers,
    body: bytes,
    auth,
  });
  if (res.status === 202) {
    res = await rawRequest(url, withDigestQuery(locationPath(url, res.headers.location), digest), {
      method: 'PUT',
      headers,
      body: bytes,
      auth,
    });
  }
  if (res.status !== 201)
    throw new Error(`blob push answered ${res.status}: ${res.body.toString()}`);
  return digest;
}

/** PUT of a manifest by tag or digest; returns the raw answer. */
export function putManifestRaw(
  url: string,
  repository: string,
  reference: string,
  bytes: Uint8Array | string,
  mediaType: string,
  auth?: RegistryCredentials,
): Promise<RawResponse> {
  return rawRequest(url, `/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'Content-Type': mediaType },
    body: bytes,
    auth,
  });
}
