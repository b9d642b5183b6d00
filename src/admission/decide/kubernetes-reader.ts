/**
 * What the decision reads from the Kubernetes API, injected: the cluster implementation
 * lives in `cluster-reader.ts`, tests and `signet serve webhook` outside a cluster use the
 * static one. Secrets read here hold registry passwords: never log or echo their data.
 */

/** A Secret as the API returns it: `data` values are base64. */
export interface KubernetesSecret {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
}

export interface KubernetesReader {
  /** The labels of namespace `name`; undefined when it does not exist. */
  namespaceLabels(name: string): Promise<Readonly<Record<string, string>> | undefined>;
  /** Undefined when the Secret does not exist. */
  readSecret(namespace: string, name: string): Promise<KubernetesSecret | undefined>;
  /** The `imagePullSecrets` names of a ServiceAccount; undefined when it does not exist. */
  serviceAccountPullSecrets(
    namespace: string,
    name: string,
  ): Promise<readonly string[] | undefined>;
}

export interface StaticClusterContent {
  readonly namespaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Keyed `namespace/name`. */
  readonly secrets?: Readonly<Record<string, KubernetesSecret>>;
  /** Keyed `namespace/name`: pull secret names. */
  readonly serviceAccounts?: Readonly<Record<string, readonly string[]>>;
}

/** A reader over fixed content, for tests and for running outside a cluster. */
export function staticKubernetesReader(content: StaticClusterContent): KubernetesReader {
  return {
    namespaceLabels: (name) => Promise.resolve(own(content.namespaces, name)),
    readSecret: (namespace, name) => Promise.resolve(own(content.secrets, `${namespace}/${name}`)),
    serviceAccountPullSecrets: (namespace, name) =>
      Promise.resolve(own(content.serviceAccounts, `${namespace}/${name}`)),
  };
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
