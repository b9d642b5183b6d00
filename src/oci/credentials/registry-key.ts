/**
 * How credential sources name registries, reduced to one key per registry. docker login
 * writes Docker Hub as `https://index.docker.io/v1/` and other registries as bare hosts;
 * hand-written files and pull secrets use `https://host`, `host/v2/` and the like. Docker
 * itself compares hosts only (ConvertToHostname in docker/cli): the scheme and any path are
 * dropped, so `registry.example/team-a` and `registry.example/team-b` are one registry here.
 */

/** Key under which every name of Docker Hub is stored and looked up. */
export const DOCKER_HUB_KEY = 'docker.io';

/**
 * Names of Docker Hub: the reference default, the legacy index (where docker login stores it)
 * and the registry API host.
 */
const DOCKER_HUB_NAMES: ReadonlySet<string> = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

/**
 * The lookup key for a registry name as found in a credential source or asked for by the
 * client: scheme and path removed, lowercase (host names are case-insensitive), and any name
 * of Docker Hub mapped to `docker.io`. Returns '' when nothing host-like is left.
 */
export function registryKeyOf(name: string): string {
  let host = name.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(host);
  if (scheme !== null) host = host.slice(scheme[0].length);
  const slash = host.indexOf('/');
  if (slash !== -1) host = host.slice(0, slash);
  host = host.toLowerCase();
  return DOCKER_HUB_NAMES.has(host) ? DOCKER_HUB_KEY : host;
}
