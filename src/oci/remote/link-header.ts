/**
 * The `Link` header (RFC 8288) as registries use it for pagination:
 * `</v2/app/tags/list?n=2&last=b>; rel="next"`. Attacker-controlled: parsed leniently,
 * and the caller keeps the target on the registry's origin.
 */

/** The target of the first link with rel="next", or undefined. */
export function nextLink(header: string | readonly string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const values = typeof header === 'string' ? [header] : header;
  for (const value of values) {
    for (const match of value.matchAll(/<([^>]*)>([^<]*)/g)) {
      const params = match[2] ?? '';
      const rel = /;\s*rel\s*=\s*"?([^";,]+(?:\s[^";,]+)*)"?/i.exec(params)?.[1];
      if (rel !== undefined && rel.toLowerCase().split(/\s+/).includes('next')) return match[1];
    }
  }
  return undefined;
}
