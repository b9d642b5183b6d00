/**
 * X.509 distinguished names as trust policies write them (`x509.subject: C=US, ST=WA,
 * O=Acme, CN=signer`, RFC 4514 string form) and as Node prints certificate subjects (one
 * `KEY=value` per line). A trusted identity matches when every attribute it names has the
 * same value in the certificate's subject (notation's subset rule); C, ST and O are
 * required so that an identity cannot be as loose as `CN=x`.
 */
export type DistinguishedName = ReadonlyMap<string, string>;

export const REQUIRED_IDENTITY_ATTRIBUTES = ['C', 'ST', 'O'] as const;

/** Splits on commas not escaped with a backslash; undefined when malformed. */
export function parseDistinguishedName(text: string): DistinguishedName | undefined {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return toMap(parts);
}

function toMap(parts: readonly string[]): DistinguishedName | undefined {
  const map = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    if (key === '' || value === '' || map.has(key)) return undefined;
    map.set(key, value);
  }
  return map.size === 0 ? undefined : map;
}

/** Node's X509Certificate.subject: `C=US\nST=WA\n...`. */
export function subjectOf(nodeSubject: string): DistinguishedName {
  return toMap(nodeSubject.split('\n').filter((l) => l !== '')) ?? new Map();
}

export function matchesIdentity(identity: DistinguishedName, subject: DistinguishedName): boolean {
  for (const [key, value] of identity) if (subject.get(key) !== value) return false;
  return true;
}

export function formatDistinguishedName(dn: DistinguishedName): string {
  return [...dn].map(([k, v]) => `${k}=${v}`).join(', ');
}
