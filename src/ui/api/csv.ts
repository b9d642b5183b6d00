/**
 * Lists as CSV (RFC 4180): every field quoted, quotes doubled, lines ended by CRLF.
 * A field starting with =, +, - or @ is prefixed with an apostrophe so that a spreadsheet
 * opening the export does not run an image name an attacker chose as a formula (OWASP,
 * "CSV Injection").
 */
export type CsvColumn<T> = readonly [header: string, value: (row: T) => unknown];

function field(value: unknown): string {
  let text =
    value === undefined || value === null
      ? ''
      : Array.isArray(value)
        ? value.join('; ')
        : value instanceof Date
          ? value.toISOString()
          : String(value as string | number | boolean);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map(([header]) => field(header)).join(',')];
  for (const row of rows) lines.push(columns.map(([, value]) => field(value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
