/**
 * The identity part of a package URL (https://github.com/package-url/purl-spec):
 * `pkg:type/namespace/name@version?qualifiers#subpath`, enough to decide whether a VEX
 * statement's product is a finding's package. Qualifiers (arch, distro) are ignored: the
 * same package built for another architecture is the same product for VEX. Pure.
 */
import type { VulnerabilityFinding } from './vulnerability.js';

export interface PurlIdentity {
  type: string;
  namespace: string;
  name: string;
  version?: string;
}

export function parsePurlIdentity(text: string): PurlIdentity | undefined {
  const match = /^pkg:\/*([A-Za-z][A-Za-z0-9.+-]*)\/([^?#]+)$/.exec(text.replace(/[?#].*$/, ''));
  if (match === null) return undefined;
  const [, type = '', rest = ''] = match;
  const at = rest.lastIndexOf('@');
  const path = at > 0 ? rest.slice(0, at) : rest;
  const version = at > 0 ? decode(rest.slice(at + 1)) : undefined;
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decode);
  const name = segments.pop();
  if (name === undefined) return undefined;
  return {
    type: type.toLowerCase(),
    namespace: segments.join('/'),
    name,
    ...(version === undefined || version === '' ? {} : { version }),
  };
}

/** Whether a VEX package identifier (a parsed purl) names the finding's package. */
export function samePackage(wanted: PurlIdentity, finding: VulnerabilityFinding): boolean {
  const found = finding.purl === undefined ? undefined : parsePurlIdentity(finding.purl);
  if (found === undefined) {
    // A report without purls (SARIF): the package name and installed version decide.
    return (
      wanted.name === finding.packageName &&
      (wanted.version === undefined || wanted.version === finding.installedVersion)
    );
  }
  return (
    wanted.type === found.type &&
    wanted.namespace.toLowerCase() === found.namespace.toLowerCase() &&
    wanted.name === found.name &&
    (wanted.version === undefined ||
      found.version === undefined ||
      wanted.version === found.version)
  );
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
