/** Test-only helpers: registries to run against and raw wire access. Imported only by tests. */
export type { RunningRegistry, RegistryCredentials } from './running-registry.js';
export { withRegistry } from './running-registry.js';
export {
  startDistributionRegistry,
  realRegistrySkipReason,
  DISTRIBUTION_BINARY,
  type DistributionRegistryOptions,
} from './distribution-registry.js';
export { startInMemoryRegistry, type InMemoryRegistryOptions } from './in-memory-registry.js';
export {
  registryTargets,
  type RegistryTarget,
  type RegistryTargetOptions,
} from './registry-targets.js';
export { startTokenServer, type TokenServer } from './token-server.js';
export { freeLoopbackPort } from './free-port.js';
export {
  rawRequest,
  pushBlobRaw,
  locationPath,
  putManifestRaw,
  withDigestQuery,
  type RawResponse,
  type RawRequest,
} from './registry-http.js';
export {
  startKubeCluster,
  kubeClusterSkipReason,
  type KubeCluster,
  type KubeClusterOptions,
} from './kube-cluster.js';
