/**
 * Reading and writing the signatures of one manifest digest in a lookaside store, whatever
 * its scheme: `file://` folders are read and written directly, `http(s)://` servers are
 * read (writing to them goes through an upload API, see upload-client.ts).
 */
import { fileURLToPath } from 'node:url';
import { placeSignatureFile, readSignatureFolder } from './file-store.js';
import { fetchSignatureFolder } from './http-store.js';
import { lookasideError } from './errors.js';
import {
  MAX_LOOKASIDE_SIGNATURES,
  parseLookasideBase,
  redactUrl,
  signatureFolderUrl,
} from './layout.js';

export interface LookasideImage {
  /** The store's base URL as configured (`file:///…`, `https://…`). */
  readonly base: string | URL;
  /** Repository path without the registry host: `team/app`. */
  readonly repository: string;
  /** Manifest digest the signatures are about. */
  readonly digest: string;
}

export interface StoredSignature {
  readonly index: number;
  /** Where it was written (a file URL). */
  readonly url: string;
}

/** The signature files of an image, in order (raw bytes: simple signing or sigstore-json). */
export async function readLookasideSignatures(
  image: LookasideImage,
  options: { readonly timeoutMs?: number } = {},
): Promise<Uint8Array[]> {
  const base = typeof image.base === 'string' ? parseLookasideBase(image.base) : image.base;
  const folder = signatureFolderUrl(base, image.repository, image.digest);
  if (folder.protocol === 'file:') return readSignatureFolder(fileURLToPath(folder));
  return fetchSignatureFolder(folder, options);
}

/** Adds a signature as the first free `signature-N` of a `file://` store. */
export async function writeLookasideSignature(
  image: LookasideImage,
  signature: Uint8Array,
): Promise<StoredSignature> {
  const base = typeof image.base === 'string' ? parseLookasideBase(image.base) : image.base;
  const folder = signatureFolderUrl(base, image.repository, image.digest);
  if (folder.protocol !== 'file:') {
    throw lookasideError(
      'LOOKASIDE_URL_UNSUPPORTED',
      `cannot write to ${redactUrl(base)}: HTTP lookaside stores are read-only; write to a file:// ` +
        'staging folder (lookaside-staging) or upload to a Signet signature server',
    );
  }
  const result = await placeSignatureFile(fileURLToPath(folder), signature);
  if (result.kind !== 'written') {
    throw lookasideError(
      'LOOKASIDE_WRITE_FAILED',
      `${redactUrl(folder)} already holds ${MAX_LOOKASIDE_SIGNATURES} signatures, the most containers/image reads; prune it`,
    );
  }
  const url = new URL(folder.href);
  url.pathname = `${url.pathname}/signature-${result.index}`;
  return { index: result.index, url: url.href };
}
