/**
 * Manifests of every workload kind Signet's webhook judges, as a user would `kubectl apply`
 * them: valid for the real API server (selectors matching template labels, the restart
 * policy Jobs need), each running one container with the given image.
 */

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const API_VERSION: Readonly<Record<WorkloadKind, string>> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/** Where the container's image sits in the object: the start of the webhook's field paths. */
export const POD_SPEC_PATH: Readonly<Record<WorkloadKind, string>> = {
  Pod: 'spec',
  ReplicationController: 'spec.template.spec',
  Deployment: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

export function workloadManifest(
  kind: WorkloadKind,
  name: string,
  namespace: string,
  image: string,
): Record<string, unknown> {
  const labels = { app: name };
  const runsToCompletion = kind === 'Job' || kind === 'CronJob';
  const podSpec = {
    containers: [{ name: 'app', image }],
    ...(runsToCompletion ? { restartPolicy: 'Never' } : {}),
  };
  const template = { metadata: { labels }, spec: podSpec };
  const head = { apiVersion: API_VERSION[kind], kind, metadata: { name, namespace, labels } };
  switch (kind) {
    case 'Pod':
      return { ...head, spec: podSpec };
    case 'ReplicationController':
      return { ...head, spec: { replicas: 1, selector: labels, template } };
    case 'Job':
      return { ...head, spec: { template } };
    case 'CronJob':
      return { ...head, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template } } } };
    case 'StatefulSet':
      return { ...head, spec: { serviceName: name, selector: { matchLabels: labels }, template } };
    default:
      return { ...head, spec: { selector: { matchLabels: labels }, template } };
  }
}
