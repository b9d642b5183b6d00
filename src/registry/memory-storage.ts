/** Storage in process memory: for tests and demos; everything is lost when the process ends. */
import { Readable } from 'node:stream';
import type { Descriptor } from '../oci/manifest/index.js';
import type { OpenedBlob, RegistryStorage, StoredManifest } from './storage.js';

interface RepositoryState {
  readonly blobs: Set<string>;
  readonly manifests: Map<string, StoredManifest>;
  readonly tags: Map<string, string>;
  /** subject digest → referrer digest → descriptor */
  readonly referrers: Map<string, Map<string, Descriptor>>;
}

export class MemoryStorage implements RegistryStorage {
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly uploads = new Map<string, Uint8Array[]>();
  private readonly repositories = new Map<string, RepositoryState>();

  private repo(name: string): RepositoryState {
    let state = this.repositories.get(name);
    if (state === undefined) {
      state = { blobs: new Set(), manifests: new Map(), tags: new Map(), referrers: new Map() };
      this.repositories.set(name, state);
    }
    return state;
  }

  statBlob(repository: string, digest: string): Promise<number | undefined> {
    const linked = this.repositories.get(repository)?.blobs.has(digest) ?? false;
    return Promise.resolve(linked ? this.blobs.get(digest)?.byteLength : undefined);
  }

  openBlob(repository: string, digest: string): Promise<OpenedBlob | undefined> {
    const linked = this.repositories.get(repository)?.blobs.has(digest) ?? false;
    const bytes = linked ? this.blobs.get(digest) : undefined;
    if (bytes === undefined) return Promise.resolve(undefined);
    return Promise.resolve({ size: bytes.byteLength, stream: Readable.from([Buffer.from(bytes)]) });
  }

  linkBlob(repository: string, digest: string): Promise<boolean> {
    if (!this.blobs.has(digest)) return Promise.resolve(false);
    this.repo(repository).blobs.add(digest);
    return Promise.resolve(true);
  }

  unlinkBlob(repository: string, digest: string): Promise<boolean> {
    return Promise.resolve(this.repositories.get(repository)?.blobs.delete(digest) ?? false);
  }

  createUpload(id: string): Promise<void> {
    this.uploads.set(id, []);
    return Promise.resolve();
  }

  async appendUpload(id: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const parts = this.uploads.get(id);
    if (parts === undefined) throw new Error(`upload ${id} does not exist`);
    for await (const chunk of chunks) parts.push(chunk);
  }

  commitUpload(id: string, repository: string, digest: string): Promise<void> {
    const parts = this.uploads.get(id);
    if (parts === undefined) return Promise.reject(new Error(`upload ${id} does not exist`));
    this.uploads.delete(id);
    if (!this.blobs.has(digest)) this.blobs.set(digest, Buffer.concat(parts));
    this.repo(repository).blobs.add(digest);
    return Promise.resolve();
  }

  deleteUpload(id: string): Promise<void> {
    this.uploads.delete(id);
    return Promise.resolve();
  }

  getManifest(repository: string, digest: string): Promise<StoredManifest | undefined> {
    return Promise.resolve(this.repositories.get(repository)?.manifests.get(digest));
  }

  putManifest(repository: string, digest: string, manifest: StoredManifest): Promise<void> {
    this.repo(repository).manifests.set(digest, manifest);
    return Promise.resolve();
  }

  deleteManifest(repository: string, digest: string): Promise<boolean> {
    return Promise.resolve(this.repositories.get(repository)?.manifests.delete(digest) ?? false);
  }

  resolveTag(repository: string, tag: string): Promise<string | undefined> {
    return Promise.resolve(this.repositories.get(repository)?.tags.get(tag));
  }

  setTag(repository: string, tag: string, digest: string): Promise<void> {
    this.repo(repository).tags.set(tag, digest);
    return Promise.resolve();
  }

  deleteTag(repository: string, tag: string): Promise<boolean> {
    return Promise.resolve(this.repositories.get(repository)?.tags.delete(tag) ?? false);
  }

  listTags(repository: string): Promise<string[] | undefined> {
    const state = this.repositories.get(repository);
    return Promise.resolve(state === undefined ? undefined : [...state.tags.keys()]);
  }

  addReferrer(repository: string, subject: string, referrer: Descriptor): Promise<void> {
    const referrers = this.repo(repository).referrers;
    let entries = referrers.get(subject);
    if (entries === undefined) {
      entries = new Map<string, Descriptor>();
      referrers.set(subject, entries);
    }
    entries.set(referrer.digest, referrer);
    return Promise.resolve();
  }

  removeReferrer(repository: string, subject: string, referrerDigest: string): Promise<void> {
    this.repositories.get(repository)?.referrers.get(subject)?.delete(referrerDigest);
    return Promise.resolve();
  }

  listReferrers(repository: string, subject: string): Promise<Descriptor[]> {
    const entries = this.repositories.get(repository)?.referrers.get(subject);
    return Promise.resolve(entries === undefined ? [] : [...entries.values()]);
  }
}
