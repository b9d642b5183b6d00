/**
 * RegistryClient: the registry operations Signet needs, over one keep-alive connection
 * pool and one authenticated transport per registry host.
 */
import type { Readable } from 'node:stream';
import type { Descriptor, ImageIndex, ImageManifest } from '../manifest/index.js';
import type { ImageReference } from '../reference/index.js';
import { isLoopbackRegistry, registryEndpoint } from '../reference/index.js';
import {
  DEFAULT_RETRY_POLICY,
  HttpClient,
  RegistryTransport,
  realRetryEnvironment,
} from '../transport/index.js';
import { blobExists, getBlob, readBlob } from './blobs.js';
import { mountBlob, putBlob } from './blob-upload.js';
import {
  type FetchedManifest,
  getManifest,
  headManifest,
  putManifest,
  resolveDigest,
} from './manifests.js';
import { DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, type RegistryClientOptions } from './options.js';
import { pushReferrer } from './push-referrer.js';
import { type Referrers, getReferrers } from './referrers.js';
import { listTags } from './tags.js';

export class RegistryClient {
  private readonly http: HttpClient;
  private readonly transports = new Map<string, RegistryTransport>();
  private readonly insecure: ReadonlySet<string>;
  /** Set only on a snapshot(): the manifests read so far, by registry/repository@reference. */
  private readonly manifestsRead?: Map<string, Promise<FetchedManifest>>;

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.http = new HttpClient({
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.caCertificates === undefined ? {} : { caCertificates: options.caCertificates }),
    });
    this.insecure = new Set((options.insecureRegistries ?? []).map((h) => h.toLowerCase()));
  }

  getManifest(ref: ImageReference): Promise<FetchedManifest> {
    const read = this.manifestsRead;
    if (read === undefined) return getManifest(this.transport(ref.registry), ref);
    const key = manifestKey(ref, ref.digest ?? ref.tag ?? 'latest');
    let pending = read.get(key);
    if (pending === undefined) {
      pending = getManifest(this.transport(ref.registry), ref);
      read.set(key, pending);
      // A failed read is forgotten, so that a retry asks the registry again.
      pending.then(
        (fetched) => read.set(manifestKey(ref, fetched.digest), pending!),
        () => read.delete(key),
      );
    }
    return pending;
  }

  /**
   * A view of this client for one short-lived invocation (a `signet check`) whose steps
   * read the same manifests: the image's, then its `.sig` and `.att` tags both to list
   * attachments and to verify them. The view shares this client's connections and
   * credentials, asks the registry for each manifest once, and resolves a tag with the
   * GET that later reads need instead of a HEAD; every step thus sees the tags as they
   * were at their first read. Writes through the view forget what it read. The view holds
   * the manifests it read until dropped (one invocation's worth); closing it closes this
   * client.
   */
  snapshot(): RegistryClient {
    const view = Object.create(this) as { manifestsRead: Map<string, Promise<FetchedManifest>> };
    view.manifestsRead = new Map();
    return view as unknown as RegistryClient;
  }

  headManifest(ref: ImageReference): Promise<Descriptor | undefined> {
    return headManifest(this.transport(ref.registry), ref);
  }

  async resolveDigest(ref: ImageReference): Promise<string> {
    if (this.manifestsRead === undefined || ref.digest !== undefined)
      return resolveDigest(this.transport(ref.registry), ref);
    return (await this.getManifest(ref)).digest;
  }

  async putManifest(ref: ImageReference, bytes: Uint8Array, mediaType: string): Promise<string> {
    this.manifestsRead?.clear();
    return (await putManifest(this.transport(ref.registry), ref, bytes, mediaType)).digest;
  }

  getBlob(ref: ImageReference, digest: string): Promise<Readable> {
    return getBlob(this.transport(ref.registry), ref, digest);
  }

  readBlob(ref: ImageReference, digest: string, maxBytes: number): Promise<Uint8Array> {
    return readBlob(this.transport(ref.registry), ref, digest, maxBytes);
  }

  blobExists(ref: ImageReference, digest: string): Promise<boolean> {
    return blobExists(this.transport(ref.registry), ref, digest);
  }

  putBlob(
    ref: ImageReference,
    data: Uint8Array,
    options?: { chunkSize?: number },
  ): Promise<Descriptor> {
    return putBlob(this.transport(ref.registry), ref, data, options?.chunkSize);
  }

  mountBlob(from: ImageReference, to: ImageReference, digest: string): Promise<boolean> {
    return mountBlob(this.transport(to.registry), from, to, digest);
  }

  listTags(ref: ImageReference, options?: { pageSize?: number }): Promise<string[]> {
    return listTags(this.transport(ref.registry), ref, options?.pageSize);
  }

  getReferrers(subject: ImageReference, options?: { artifactType?: string }): Promise<Referrers> {
    return getReferrers(this.transport(subject.registry), subject, options?.artifactType);
  }

  pushReferrer(repo: ImageReference, manifest: ImageManifest | ImageIndex): Promise<string> {
    this.manifestsRead?.clear();
    return pushReferrer(this.transport(repo.registry), repo, manifest);
  }

  /** Closes pooled connections; the client must not be used afterwards. */
  async close(): Promise<void> {
    this.transports.clear();
    await this.http.close();
  }

  private transport(registry: string): RegistryTransport {
    const existing = this.transports.get(registry);
    if (existing !== undefined) return existing;
    const endpoint = registryEndpoint(registry);
    const transport = new RegistryTransport({
      registry,
      endpoint,
      credential: this.options.credentials?.credentialFor(registry),
      http: this.http,
      plainHttpAllowed: (host) => this.plainHttpAllowed(host, registry, endpoint),
      retry: {
        ...DEFAULT_RETRY_POLICY,
        ...this.options.retryPolicy,
        maxRetries: this.options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      },
      environment: { ...realRetryEnvironment, ...this.options.retryEnvironment },
      userAgent: this.options.userAgent ?? DEFAULT_USER_AGENT,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    this.transports.set(registry, transport);
    return transport;
  }

  /** Plain HTTP only for loopback hosts and hosts the user listed as insecure. */
  private plainHttpAllowed(host: string, registry: string, endpoint: string): boolean {
    const lower = host.toLowerCase();
    if (isLoopbackRegistry(lower) || this.insecure.has(lower)) return true;
    // Listing a registry name covers the endpoint it is reached at (docker.io → registry-1).
    return lower === endpoint.toLowerCase() && this.insecure.has(registry.toLowerCase());
  }
}

function manifestKey(ref: ImageReference, reference: string): string {
  return `${ref.registry}/${ref.repository}@${reference}`;
}
