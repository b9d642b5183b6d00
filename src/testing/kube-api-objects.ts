/**
 * The object store behind the Kubernetes API server stand-in (kube-api-server.ts): typed
 * resources, one cluster-wide resourceVersion that increments on every write (as etcd's
 * revision does), a bounded history of watch events for resumption, and live watchers.
 * Conventions kept: every object carries apiVersion, kind and metadata (uid,
 * resourceVersion, creationTimestamp); custom resources are stored once and served in
 * every version of their group (CRD `conversion: None` rewrites only apiVersion).
 */
import { randomUUID } from 'node:crypto';

/** A JSON object as the API returns it. */
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string };
};

export interface ResourceType {
  /** '' for the core group (`/api/v1`). */
  readonly group: string;
  readonly versions: readonly string[];
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  readonly resourceVersion: number;
  readonly type: WatchEventType;
  readonly resource: ResourceType;
  readonly object: KubeObject;
}

export const CORE_RESOURCES: readonly ResourceType[] = [
  { group: '', versions: ['v1'], plural: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', versions: ['v1'], plural: 'secrets', kind: 'Secret', namespaced: true },
  {
    group: '',
    versions: ['v1'],
    plural: 'serviceaccounts',
    kind: 'ServiceAccount',
    namespaced: true,
  },
];

/** ClusterImagePolicy of Signet's group and of policy-controller's, as their CRDs serve them. */
export const POLICY_RESOURCES: readonly ResourceType[] = [
  'policy.signet.dev',
  'policy.sigstore.dev',
].map((group) => ({
  group,
  versions: ['v1alpha1', 'v1beta1'],
  plural: 'clusterimagepolicies',
  kind: 'ClusterImagePolicy',
  namespaced: false,
}));

export class KubeObjectStore {
  private revision = 1;
  private readonly objects = new Map<string, KubeObject>();
  private history: StoredEvent[] = [];
  /** Oldest resourceVersion a watch may resume after; older ones get 410 Expired. */
  private oldestResumable = 1;
  private readonly watchers = new Set<(event: StoredEvent) => void>();

  constructor(
    readonly resources: readonly ResourceType[],
    /** Events kept for resumption; the API server keeps about 5 minutes' worth (watch cache). */
    private readonly historyLimit = 1000,
  ) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  resourceOf(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.resources.find(
      (r) => r.group === group && r.kind === kind && r.versions.includes(version ?? ''),
    );
  }

  get(resource: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(resource, namespace, name));
  }

  list(resource: ResourceType): KubeObject[] {
    const prefix = keyOf(resource, undefined, '').slice(0, -1);
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, object]) => object)
      .sort((a, b) =>
        keyOf(resource, a.metadata.namespace, a.metadata.name).localeCompare(
          keyOf(resource, b.metadata.namespace, b.metadata.name),
        ),
      );
  }

  /** Creates or replaces; keeps uid and creationTimestamp of a replaced object. */
  write(resource: ResourceType, object: KubeObject): KubeObject {
    const { namespace, name } = object.metadata;
    const previous = this.get(resource, namespace, name);
    this.revision += 1;
    const stored: KubeObject = structuredClone({
      ...object,
      metadata: {
        ...object.metadata,
        uid: previous?.metadata['uid'] ?? randomUUID(),
        creationTimestamp:
          previous?.metadata['creationTimestamp'] ??
          new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        resourceVersion: String(this.revision),
      },
    });
    this.objects.set(keyOf(resource, namespace, name), stored);
    this.publish(previous === undefined ? 'ADDED' : 'MODIFIED', resource, stored);
    return stored;
  }

  delete(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const key = keyOf(resource, namespace, name);
    const previous = this.objects.get(key);
    if (previous === undefined) return undefined;
    this.objects.delete(key);
    this.revision += 1;
    const gone = {
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: String(this.revision) },
    };
    this.publish('DELETED', resource, gone);
    return gone;
  }

  /**
   * Events of `resource` after `resourceVersion`, or 'expired' when some of them were
   * forgotten (the API server answers such a watch with 410 Gone, reason Expired).
   */
  eventsSince(resource: ResourceType, resourceVersion: number): StoredEvent[] | 'expired' {
    if (resourceVersion + 1 < this.oldestResumable) return 'expired';
    return this.history.filter(
      (e) => e.resource === resource && e.resourceVersion > resourceVersion,
    );
  }

  /** Forgets the whole history, as an API server restart or etcd compaction does. */
  compact(): void {
    this.history = [];
    this.oldestResumable = this.revision + 1;
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private publish(type: WatchEventType, resource: ResourceType, object: KubeObject): void {
    const event: StoredEvent = { resourceVersion: this.revision, type, resource, object };
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.oldestResumable = dropped[dropped.length - 1]!.resourceVersion + 1;
    }
    for (const watcher of this.watchers) watcher(event);
  }
}

/** The object as served in `version` of its group (custom resources: apiVersion rewritten). */
export function inVersion(resource: ResourceType, version: string, object: KubeObject): KubeObject {
  const apiVersion = resource.group === '' ? version : `${resource.group}/${version}`;
  return { ...structuredClone(object), apiVersion, kind: resource.kind };
}

function keyOf(resource: ResourceType, namespace: string | undefined, name: string): string {
  return `${resource.group}|${resource.plural}|${namespace ?? ''}|${name}`;
}
