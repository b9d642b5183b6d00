/**
 * Registry credentials of a workload, as the kubelet would use them: the pod spec's
 * `imagePullSecrets` first, then those of its ServiceAccount
 * (https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod).
 * Secret data is a credential: it is parsed and hashed here, never logged or echoed.
 */
import { canonicalJson } from '../../core/canonical-json.js';
import { sha256Hex } from '../../core/digest.js';
import { describeError } from '../../core/errors.js';
import {
  anonymous,
  chainCredentials,
  parseKubernetesPullSecret,
  type CredentialProvider,
} from '../../oci/credentials/index.js';
import { MAX_PULL_SECRETS, type Workload } from '../review/index.js';
import type { KubernetesReader } from './kubernetes-reader.js';

export interface WorkloadCredentials {
  readonly provider: CredentialProvider;
  /**
   * Identifies the credential set without revealing it (SHA-256 over the secrets' data), so
   * registry clients, whose token caches are per credential, are shared only between
   * workloads presenting the same secrets.
   */
  readonly fingerprint: string;
  /** Secrets that were missing or unreadable, named without their content. */
  readonly problems: readonly string[];
}

export const ANONYMOUS_FINGERPRINT = 'anonymous';

export async function workloadCredentials(
  reader: KubernetesReader,
  namespace: string,
  workload: Workload,
): Promise<WorkloadCredentials> {
  const names = [...workload.imagePullSecrets];
  const problems: string[] = [];
  try {
    const fromAccount = await reader.serviceAccountPullSecrets(
      namespace,
      workload.serviceAccountName,
    );
    for (const name of fromAccount ?? []) if (!names.includes(name)) names.push(name);
  } catch (error) {
    problems.push(
      `ServiceAccount ${namespace}/${workload.serviceAccountName}: ${describeError(error)}`,
    );
  }
  const providers: CredentialProvider[] = [];
  const hashed: unknown[] = [];
  for (const name of names.slice(0, MAX_PULL_SECRETS)) {
    const where = `Secret ${namespace}/${name}`;
    try {
      const secret = await reader.readSecret(namespace, name);
      if (secret === undefined) {
        problems.push(`${where} (an imagePullSecret) does not exist`);
        continue;
      }
      providers.push(parseKubernetesPullSecret(secret, where));
      hashed.push([name, secret.type ?? '', secret.data ?? {}, secret.stringData ?? {}]);
    } catch (error) {
      problems.push(`${where}: ${describeError(error)}`);
    }
  }
  if (providers.length === 0)
    return { provider: anonymous, fingerprint: ANONYMOUS_FINGERPRINT, problems };
  return {
    provider: chainCredentials(...providers),
    fingerprint: `sha256:${sha256Hex(canonicalJson(hashed))}`,
    problems,
  };
}
