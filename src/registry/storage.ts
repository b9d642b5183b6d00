/**
 * What the embedded registry keeps, independent of where. Blob content is addressed by
 * digest and shared by all repositories; a repository sees a blob only once it is linked
 * there (by an upload or a cross-repository mount), as in distribution, so a client cannot
 * read a blob from a repository it was never pushed to. Callers validate names, tags,
 * digests and upload ids before calling (see names.ts); implementations may rely on it.
 */
import type { Readable } from 'node:stream';
import type { Descriptor } from '../oci/manifest/index.js';

export interface StoredManifest {
  /** The Content-Type the manifest was pushed with, served back unchanged. */
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

export interface OpenedBlob {
  readonly size: number;
  readonly stream: Readable;
}

export interface RegistryStorage {
  /** Size of the blob if it is linked in `repository`. */
  statBlob(repository: string, digest: string): Promise<number | undefined>;
  openBlob(repository: string, digest: string): Promise<OpenedBlob | undefined>;
  /** Links existing content into `repository`; false when no such content is stored. */
  linkBlob(repository: string, digest: string): Promise<boolean>;
  unlinkBlob(repository: string, digest: string): Promise<boolean>;

  createUpload(id: string): Promise<void>;
  /** Appends to an upload; the caller bounds and hashes the chunks. */
  appendUpload(id: string, chunks: AsyncIterable<Uint8Array>): Promise<void>;
  /** Moves a finished upload (whose digest the caller verified) into the blob store and links it. */
  commitUpload(id: string, repository: string, digest: string): Promise<void>;
  deleteUpload(id: string): Promise<void>;

  getManifest(repository: string, digest: string): Promise<StoredManifest | undefined>;
  putManifest(repository: string, digest: string, manifest: StoredManifest): Promise<void>;
  deleteManifest(repository: string, digest: string): Promise<boolean>;

  resolveTag(repository: string, tag: string): Promise<string | undefined>;
  setTag(repository: string, tag: string, digest: string): Promise<void>;
  deleteTag(repository: string, tag: string): Promise<boolean>;
  /** Tags in no particular order; undefined when the repository holds nothing at all. */
  listTags(repository: string): Promise<string[] | undefined>;

  /** Records that manifest `referrer.digest` names `subject` as its subject (OCI 1.1 referrers). */
  addReferrer(repository: string, subject: string, referrer: Descriptor): Promise<void>;
  removeReferrer(repository: string, subject: string, referrerDigest: string): Promise<void>;
  listReferrers(repository: string, subject: string): Promise<Descriptor[]>;
}
