/**
 * Storage in a directory, so a demo or air-gapped test registry survives restarts:
 *
 *   blobs/<alg>/<hex>                          content, addressed by digest
 *   uploads/<uuid>                             uploads in progress
 *   repositories/<name>/_blobs/<alg>-<hex>     empty file: blob linked in this repository
 *   repositories/<name>/_manifests/<alg>-<hex> media type, newline, manifest bytes
 *   repositories/<name>/_tags/<tag>            digest the tag points to
 *   repositories/<name>/_referrers/<subject alg>-<hex>/<alg>-<hex>  referrer descriptor JSON
 *
 * Every file appears atomically: written under tmp/ and renamed into place, so a crash or a
 * concurrent reader never sees half a file. Name components cannot start with `_` (see
 * names.ts), so `a/_tags` never collides with a repository `a/b`.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Descriptor } from '../oci/manifest/index.js';
import type { OpenedBlob, RegistryStorage, StoredManifest } from './storage.js';

export class FilesystemStorage implements RegistryStorage {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  /** Joins validated parts under the root; refuses anything that would leave it (defence in depth). */
  private path(...parts: string[]): string {
    const full = resolve(this.root, ...parts);
    if (!full.startsWith(this.root + sep)) throw new Error(`path escapes storage root: ${full}`);
    return full;
  }

  private blobPath(digest: string): string {
    const [algorithm, hex] = digest.split(':') as [string, string];
    return this.path('blobs', algorithm, hex);
  }

  private repoPath(repository: string, ...parts: string[]): string {
    return this.path('repositories', ...repository.split('/'), ...parts);
  }

  private async writeAtomically(target: string, data: Uint8Array | string): Promise<void> {
    const temporary = this.path('tmp', randomUUID());
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    await writeFile(temporary, data);
    await this.moveInto(temporary, target);
  }

  private async moveInto(source: string, target: string): Promise<void> {
    await mkdir(resolve(target, '..'), { recursive: true });
    await rename(source, target);
  }

  async statBlob(repository: string, digest: string): Promise<number | undefined> {
    if (!(await exists(this.repoPath(repository, '_blobs', fileName(digest))))) return undefined;
    return (await stat(this.blobPath(digest)).catch(() => undefined))?.size;
  }

  async openBlob(repository: string, digest: string): Promise<OpenedBlob | undefined> {
    const size = await this.statBlob(repository, digest);
    if (size === undefined) return undefined;
    return { size, stream: createReadStream(this.blobPath(digest)) };
  }

  async linkBlob(repository: string, digest: string): Promise<boolean> {
    if (!(await exists(this.blobPath(digest)))) return false;
    await this.writeAtomically(this.repoPath(repository, '_blobs', fileName(digest)), '');
    return true;
  }

  async unlinkBlob(repository: string, digest: string): Promise<boolean> {
    return remove(this.repoPath(repository, '_blobs', fileName(digest)));
  }

  async createUpload(id: string): Promise<void> {
    await mkdir(this.path('uploads'), { recursive: true });
    await writeFile(this.path('uploads', id), new Uint8Array(0));
  }

  async appendUpload(id: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    await pipeline(
      Readable.from(chunks),
      createWriteStream(this.path('uploads', id), { flags: 'a' }),
    );
  }

  async commitUpload(id: string, repository: string, digest: string): Promise<void> {
    const upload = this.path('uploads', id);
    if (await exists(this.blobPath(digest))) await rm(upload, { force: true });
    else await this.moveInto(upload, this.blobPath(digest));
    await this.writeAtomically(this.repoPath(repository, '_blobs', fileName(digest)), '');
  }

  async deleteUpload(id: string): Promise<void> {
    await rm(this.path('uploads', id), { force: true });
  }

  async getManifest(repository: string, digest: string): Promise<StoredManifest | undefined> {
    const data = await readFile(this.repoPath(repository, '_manifests', fileName(digest))).catch(
      () => undefined,
    );
    if (data === undefined) return undefined;
    const newline = data.indexOf(0x0a);
    return {
      mediaType: data.subarray(0, newline).toString('utf8'),
      bytes: data.subarray(newline + 1),
    };
  }

  async putManifest(repository: string, digest: string, manifest: StoredManifest): Promise<void> {
    // The media type was checked to be a single-line token by the handler, so the first
    // newline always ends it.
    const data = Buffer.concat([Buffer.from(`${manifest.mediaType}\n`), manifest.bytes]);
    return this.writeAtomically(this.repoPath(repository, '_manifests', fileName(digest)), data);
  }

  async deleteManifest(repository: string, digest: string): Promise<boolean> {
    return remove(this.repoPath(repository, '_manifests', fileName(digest)));
  }

  async resolveTag(repository: string, tag: string): Promise<string | undefined> {
    const data = await readFile(this.repoPath(repository, '_tags', tag), 'utf8').catch(() => '');
    return data === '' ? undefined : data;
  }

  async setTag(repository: string, tag: string, digest: string): Promise<void> {
    return this.writeAtomically(this.repoPath(repository, '_tags', tag), digest);
  }

  async deleteTag(repository: string, tag: string): Promise<boolean> {
    return remove(this.repoPath(repository, '_tags', tag));
  }

  async listTags(repository: string): Promise<string[] | undefined> {
    if (!(await exists(this.repoPath(repository)))) return undefined;
    return readdir(this.repoPath(repository, '_tags')).catch(() => []);
  }

  async addReferrer(repository: string, subject: string, referrer: Descriptor): Promise<void> {
    const target = this.repoPath(
      repository,
      '_referrers',
      fileName(subject),
      fileName(referrer.digest),
    );
    return this.writeAtomically(target, JSON.stringify(referrer));
  }

  async removeReferrer(repository: string, subject: string, referrerDigest: string): Promise<void> {
    await remove(
      this.repoPath(repository, '_referrers', fileName(subject), fileName(referrerDigest)),
    );
  }

  async listReferrers(repository: string, subject: string): Promise<Descriptor[]> {
    const folder = this.repoPath(repository, '_referrers', fileName(subject));
    const names = await readdir(folder).catch(() => [] as string[]);
    const found: Descriptor[] = [];
    for (const name of names.sort()) {
      const text = await readFile(join(folder, name), 'utf8').catch(() => undefined);
      // Written by us from a validated descriptor; a file that vanished meanwhile is skipped.
      if (text !== undefined) found.push(JSON.parse(text) as Descriptor);
    }
    return found;
  }
}

/** `sha256:abc` → `sha256-abc`: a colon-free file name for a validated digest. */
function fileName(digest: string): string {
  return digest.replace(':', '-');
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function remove(path: string): Promise<boolean> {
  if (!(await exists(path))) return false;
  await rm(path, { force: true });
  return true;
}
