/**
 * Package URLs (https://github.com/package-url/purl-spec) for the packages found in an
 * image, written the way syft writes them so that SBOMs from both compare equal:
 * namespace, name and version segments percent-encode everything but unreserved
 * characters and sub-delimiters other than `+` (so a Debian epoch's `:` is `%3A`);
 * qualifiers, among them `distro` (`<id>-<version_id>` from os-release), are sorted by key.
 */
import type { OsRelease } from './os-release.js';

const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*,;=]/;
const QUALIFIER_SAFE = /[A-Za-z0-9\-._~:]/;

function encode(text: string, safe: RegExp): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && safe.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function packageUrl(
  type: string,
  namespace: string,
  name: string,
  version: string,
  qualifiers: Record<string, string | undefined> = {},
  distro?: OsRelease,
): string {
  let purl = `pkg:${type}`;
  for (const segment of namespace.split('/'))
    if (segment !== '') purl += `/${encode(segment, SEGMENT_SAFE)}`;
  purl += `/${encode(name, SEGMENT_SAFE)}`;
  if (version !== '') purl += `@${encode(version, SEGMENT_SAFE)}`;
  const distroValue = [distro?.id, distro?.versionId]
    .filter((part) => part !== undefined && part !== '')
    .join('-');
  const pairs = Object.entries({ ...qualifiers, distro: distroValue })
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (pairs.length > 0) {
    purl += `?${pairs.map(([key, value]) => `${encode(key, QUALIFIER_SAFE)}=${encode(value, QUALIFIER_SAFE)}`).join('&')}`;
  }
  return purl;
}
