/**
 * cosign key pairs held in a Kubernetes Secret (sigstore/cosign pkg/cosign/kubernetes/
 * secret.go): `k8s://NAMESPACE/NAME`, data keys `cosign.key` (the encrypted private key),
 * `cosign.pub` and `cosign.password`, created immutable. Building and reading the Secret
 * is pure; talking to the API server is the thin `KubernetesSecretStore` at the end,
 * whose client library is loaded only when a k8s:// reference is actually used.
 */
import { decodeBase64, encodeBase64 } from '../../core/base64.js';
import { describeError, errorFactory } from '../../core/errors.js';
import { KUBERNETES_KEY_ERRORS } from './kubernetes-secret-errors.js';

const fail = errorFactory(KUBERNETES_KEY_ERRORS);

export const K8S_SCHEME = 'k8s://';

export interface SecretLocation {
  readonly namespace: string;
  readonly name: string;
}

export interface KeyPairSecretData {
  /** Encrypted PEM; with the password below, a secret: never print the Secret outside `--dry-run`. */
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly password: string;
}

/** RFC 1123 DNS label (namespaces) and subdomain (Secret names), as the API server validates them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isKubernetesReference(ref: string): boolean {
  return ref.startsWith(K8S_SCHEME);
}

/** `k8s://NAMESPACE/NAME` → location; a missing or malformed part is KUBERNETES_REFERENCE_INVALID. */
export function parseKubernetesReference(ref: string): SecretLocation {
  const rest = ref.startsWith(K8S_SCHEME) ? ref.slice(K8S_SCHEME.length) : '';
  const parts = rest.split('/');
  const [namespace = '', name = ''] = parts;
  if (parts.length !== 2 || !DNS_LABEL.test(namespace) || !DNS_SUBDOMAIN.test(name)) {
    throw fail(
      'KUBERNETES_REFERENCE_INVALID',
      `"${ref}" is not k8s://NAMESPACE/NAME with a valid namespace and Secret name (lowercase letters, digits, -)`,
    );
  }
  return { namespace, name };
}

/** The Secret object as cosign creates it (immutable since Kubernetes 1.21). */
export function keyPairSecret(location: SecretLocation, data: KeyPairSecretData) {
  const encode = (text: string) => encodeBase64(new TextEncoder().encode(text));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: location.name, namespace: location.namespace },
    type: 'Opaque',
    immutable: true,
    data: {
      'cosign.key': encode(data.privateKeyPem),
      'cosign.pub': encode(data.publicKeyPem),
      'cosign.password': encode(data.password),
    },
  };
}

/** Reads the key pair back from a Secret's `data` (base64 values), as returned by the API. */
export function keyPairFromSecret(
  location: SecretLocation,
  secret: { data?: Record<string, string> },
): Partial<KeyPairSecretData> {
  const where = `Secret ${location.namespace}/${location.name}`;
  const field = (key: string): string | undefined => {
    const value = secret.data?.[key];
    if (value === undefined) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(
        decodeBase64(value, `${where} ${key}`),
      );
    } catch (error) {
      throw fail(
        'KUBERNETES_SECRET_INVALID',
        `${where}: data.${key} is not base64 text (${describeError(error)})`,
      );
    }
  };
  const privateKeyPem = field('cosign.key');
  const publicKeyPem = field('cosign.pub');
  const password = field('cosign.password');
  return {
    ...(privateKeyPem === undefined ? {} : { privateKeyPem }),
    ...(publicKeyPem === undefined ? {} : { publicKeyPem }),
    ...(password === undefined ? {} : { password }),
  };
}

/** The API server side: create and read Secrets with the kubeconfig or in-cluster credentials. */
export interface KubernetesSecretStore {
  create(location: SecretLocation, secret: ReturnType<typeof keyPairSecret>): Promise<void>;
  read(location: SecretLocation): Promise<{ data?: Record<string, string> }>;
}

/**
 * Uses `@kubernetes/client-node`: KubeConfig.loadFromDefault ($KUBECONFIG, ~/.kube/config,
 * in-cluster) or the given kubeconfig file.
 */
export async function defaultKubernetesSecretStore(
  options: { kubeconfigFile?: string } = {},
): Promise<KubernetesSecretStore> {
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  if (options.kubeconfigFile === undefined) config.loadFromDefault();
  else config.loadFromFile(options.kubeconfigFile);
  const api = config.makeApiClient(k8s.CoreV1Api);
  return {
    async create(location, secret) {
      try {
        await api.createNamespacedSecret({ namespace: location.namespace, body: secret });
      } catch (error) {
        throw apiFailure('creating', location, error);
      }
    },
    async read(location) {
      try {
        const found = await api.readNamespacedSecret(location);
        return found.data === undefined ? {} : { data: found.data };
      } catch (error) {
        throw apiFailure('reading', location, error);
      }
    },
  };
}

/**
 * The API server's answer in words: the HTTP status and the Status message (which names
 * the object, never its data). Request headers, which hold the token, are left out.
 */
function apiFailure(verb: 'creating' | 'reading', location: SecretLocation, error: unknown) {
  const { namespace, name } = location;
  const e = (error ?? {}) as { code?: unknown; body?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  let status: { message?: unknown; reason?: unknown } = {};
  try {
    const body: unknown = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    if (typeof body === 'object' && body !== null) status = body;
  } catch {
    // not a Status object: the code alone must do
  }
  const said = typeof status.message === 'string' ? `: ${status.message.slice(0, 300)}` : '';
  const what = `${verb} Secret ${namespace}/${name}`;
  const hint =
    code === 409
      ? `delete it first (kubectl -n ${namespace} delete secret ${name}) or choose another name`
      : code === 404 && verb === 'reading'
        ? `create it with \`signet generate-key-pair k8s://${namespace}/${name}\``
        : code === 404
          ? `create namespace ${namespace} first or choose another`
          : code === 401 || code === 403
            ? 'check the kubeconfig context and your RBAC permissions on secrets'
            : 'check that the API server is reachable ($KUBECONFIG or ~/.kube/config)';
  const detail = code === undefined ? describeError(error).slice(0, 200) : `HTTP ${code}${said}`;
  return fail('KUBERNETES_API_FAILED', `${what} failed (${detail}); ${hint}`);
}

/** One PEM of the pair, or KUBERNETES_SECRET_INVALID naming the Secret and the missing key. */
export function requireSecretField(
  location: SecretLocation,
  pair: Partial<KeyPairSecretData>,
  field: 'privateKeyPem' | 'publicKeyPem',
): string {
  const value = pair[field];
  const key = field === 'privateKeyPem' ? 'cosign.key' : 'cosign.pub';
  if (value === undefined || value.trim() === '') {
    throw fail(
      'KUBERNETES_SECRET_INVALID',
      `Secret ${location.namespace}/${location.name} has no data.${key}; create it with \`signet generate-key-pair k8s://${location.namespace}/${location.name}\``,
    );
  }
  return value;
}
