/**
 * The database URL as it may appear in messages and logs: a PostgreSQL URL carries its
 * password in the userinfo or in a `password=` parameter, and errors are printed, logged
 * and kept in CI output, so both are masked.
 */
export function shownDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Unparseable: mask whatever sits between `//` and `@`, and every password parameter.
    return url.replace(/\/\/[^@/]*@/, '//***@').replace(/(password=)[^&]*/gi, '$1***');
  }
  if (parsed.password !== '') parsed.password = '***';
  for (const name of [...parsed.searchParams.keys()]) {
    if (name.toLowerCase() === 'password') parsed.searchParams.set(name, '***');
  }
  return parsed.href;
}
