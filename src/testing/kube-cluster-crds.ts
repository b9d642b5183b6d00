/**
 * ClusterImagePolicy CRDs for a test cluster: Signet's own, as shipped in deploy/crds/, and
 * policy-controller's group `policy.sigstore.dev` served with the same schema (the spec is
 * policy-controller's, which is why Signet's CRD can stand for it). Installed with kubectl
 * and awaited until the API server serves them, as an operator's `kubectl wait` does.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KubeCluster } from './kube-cluster.js';
import { DEPLOY_DIRECTORY } from './kube-cluster-webhooks.js';

const SIGNET_CRD_FILE = join(
  DEPLOY_DIRECTORY,
  'crds',
  'clusterimagepolicies.policy.signet.dev.yaml',
);

export type PolicyGroup = 'policy.signet.dev' | 'policy.sigstore.dev';

interface Crd {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { group: string };
}

export async function policyCrd(group: PolicyGroup): Promise<Record<string, unknown>> {
  const crd = parse(await readFile(SIGNET_CRD_FILE, 'utf8')) as Crd;
  crd.metadata = { name: `clusterimagepolicies.${group}` };
  crd.spec.group = group;
  return crd as unknown as Record<string, unknown>;
}

/** Installs the CRDs of `groups` and waits until they are established. */
export async function installPolicyCrds(
  cluster: KubeCluster,
  groups: readonly PolicyGroup[] = ['policy.signet.dev', 'policy.sigstore.dev'],
): Promise<void> {
  await cluster.apply(...(await Promise.all(groups.map(policyCrd))));
  await waitForCrds(
    cluster,
    groups.map((group) => `clusterimagepolicies.${group}`),
  );
}

/**
 * Waits until the API server serves the CRDs named (`plural.group`), as an operator's
 * `kubectl wait --for=condition=Established` does; objects of a CRD applied a moment ago
 * are refused until then.
 */
export async function waitForCrds(
  cluster: KubeCluster,
  names: readonly string[],
  timeoutSeconds = 30,
): Promise<void> {
  const waited = await cluster.kubectl([
    'wait',
    '--for=condition=Established',
    `--timeout=${timeoutSeconds}s`,
    ...names.map((name) => `crd/${name}`),
  ]);
  if (waited.code !== 0)
    throw new Error(`the CRDs ${names.join(', ')} were not established: ${waited.stderr}`);
}
