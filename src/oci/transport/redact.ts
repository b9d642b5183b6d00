/**
 * Redaction of URLs before they reach error messages, details or logs. Registries and
 * storage back ends put secrets in URLs: user-info, pre-signed storage query strings
 * (X-Amz-Signature, sig, token), upload session state. Only parameters known to be harmless
 * keep their values.
 */

/** Query parameters from the distribution spec that carry no secret. */
const HARMLESS_PARAMETERS = new Set([
  'n',
  'last',
  'digest',
  'mount',
  'from',
  'artifactType',
  'service',
  'scope',
]);

/** Returns `url` with credentials and secret-looking query values replaced by `redacted`. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: keep nothing that could be a secret.
    return '[unparseable url]';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = 'redacted';
    parsed.password = '';
  }
  parsed.hash = '';
  const kept = [...parsed.searchParams].map(([name, value]): [string, string] => [
    name,
    HARMLESS_PARAMETERS.has(name) ? value : 'redacted',
  ]);
  parsed.search = new URLSearchParams(kept).toString();
  return parsed.toString();
}

/**
 * Makes registry-supplied text (attacker-controlled) safe to show: no control characters
 * that could forge terminal output, and bounded length.
 */
export function sanitizeServerText(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
