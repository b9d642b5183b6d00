/**
 * Where each workload kind keeps its pod spec and pod labels. These are the kinds the
 * webhook configuration (deploy/) routes to Signet; anything else is admitted untouched.
 */

export interface WorkloadShape {
  /** Path segments from the object to its PodSpec. */
  readonly podSpec: readonly string[];
  /** Path segments from the object to the labels the pods will carry. */
  readonly podLabels: readonly string[];
}

const TEMPLATE: WorkloadShape = {
  podSpec: ['spec', 'template', 'spec'],
  podLabels: ['spec', 'template', 'metadata', 'labels'],
};

/** Keyed by `request.kind.kind`; the API server sends the kind of the object as stored. */
export const WORKLOAD_SHAPES: Readonly<Record<string, WorkloadShape>> = {
  Pod: { podSpec: ['spec'], podLabels: ['metadata', 'labels'] },
  Deployment: TEMPLATE,
  ReplicaSet: TEMPLATE,
  StatefulSet: TEMPLATE,
  DaemonSet: TEMPLATE,
  Job: TEMPLATE,
  ReplicationController: TEMPLATE,
  CronJob: {
    podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    podLabels: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
  },
};

/** The container lists of a PodSpec, in the order their images are reported. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];
