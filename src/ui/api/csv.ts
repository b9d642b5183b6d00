/**
 * Lists as CSV (RFC 4180): every field quoted, quotes doubled, lines ended by CRLF.
 * A field starting with =, +, - or @ is prefixed with an apostrophe so that a spreadsheet
 * opening the export does not run an image name an attacker chose as a formula (OWASP,
 * "CSV Injection").
 */
/** What a column may hold; lists are joined with "; ". */
export type CsvValue = string | number | boolean | Date | readonly string[] | undefined | null;
export type CsvColumn<T> = readonly [header: string, value: (row: T) => CsvValue];

function field(value: CsvValue): string {
  let text =
    value === undefined || value === null
      ? ''
      : Array.isArray(value)
        ? (value as readonly string[]).join('; ')
        : value instanceof Date
          ? value.toISOString()
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map(([header]) => field(header)).join(',')];
  for (const row of rows) lines.push(columns.map(([, value]) => field(value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
