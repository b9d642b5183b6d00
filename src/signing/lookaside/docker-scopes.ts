/**
 * How containers/image names a docker image when it looks up configuration: the same
 * scopes serve registries.d (lookaside locations) and policy.json (requirements).
 * See containers/image docker/policyconfiguration/naming.go and containers-policy.json(5)
 * "docker" scopes. Pure.
 */
import type { ImageReference } from '../../oci/reference/index.js';

/**
 * The most specific scope: the fully expanded reference, `host[:port]/path:tag` or
 * `host[:port]/path@digest`. A reference carrying both is looked up by its digest, which is
 * what is actually pulled (containers/image before 5.29 refuses such references outright).
 */
export function dockerPolicyIdentity(ref: ImageReference): string {
  const name = `${ref.registry}/${ref.repository}`;
  if (ref.digest !== undefined) return `${name}@${ref.digest}`;
  return `${name}:${ref.tag ?? 'latest'}`;
}

/**
 * The less specific scopes, most specific first: the repository, each parent namespace up
 * to the registry host, then subdomain wildcards of the host without its port
 * (`*.example.com`, `*.com`), as newer containers/image searches them.
 */
export function dockerPolicyNamespaces(ref: ImageReference): string[] {
  const scopes: string[] = [];
  let name = `${ref.registry}/${ref.repository}`;
  for (;;) {
    scopes.push(name);
    const slash = name.lastIndexOf('/');
    if (slash === -1) break;
    name = name.slice(0, slash);
  }
  // A port is not part of wildcard matching: `*.example.com` covers `a.example.com:5000`.
  let host = name.split(':')[0]!;
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.')) {
    host = host.slice(dot + 1);
    scopes.push(`*.${host}`);
  }
  return scopes;
}

/** Identity first, then namespaces: the order in which a scope table is searched. */
export function dockerScopesMostSpecificFirst(ref: ImageReference): string[] {
  return [dockerPolicyIdentity(ref), ...dockerPolicyNamespaces(ref)];
}
