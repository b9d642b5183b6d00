/**
 * A boxed text table with wrapped cells, as roxctl prints its policy table
 * (`+---+` borders, upper-case centred headers, long cells wrapped onto more lines).
 */

/** Column width before wrapping; roxctl's tables wrap at about thirty characters. */
export const CELL_WIDTH = 30;

export interface Column {
  readonly header: string;
  /** Centre the cell (short flags such as "X"); left-aligned otherwise. */
  readonly centre?: boolean;
}

export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string {
  const wrapped = rows.map((row) => columns.map((_, i) => wrap(row[i] ?? '', CELL_WIDTH)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...wrapped.map((row) => Math.max(...row[i]!.map((l) => l.length)))),
  );
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[], centre: (i: number) => boolean) =>
    `|${cells.map((c, i) => ` ${pad(c, widths[i]!, centre(i))} `).join('|')}|`;
  const out = [
    rule,
    line(
      columns.map((c) => c.header.toUpperCase()),
      () => true,
    ),
    rule,
  ];
  for (const row of wrapped) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let k = 0; k < height; k++)
      out.push(
        line(
          row.map((cell) => cell[k] ?? ''),
          (i) => columns[i]!.centre === true,
        ),
      );
    out.push(rule);
  }
  return out.join('\n');
}

function pad(text: string, width: number, centre: boolean): string {
  if (!centre) return text.padEnd(width);
  const left = Math.floor((width - text.length) / 2);
  return (' '.repeat(left) + text).padEnd(width);
}

/** Wraps on spaces; words longer than the width are cut. Newlines in the text are kept. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      let rest = word;
      while (rest.length > width) {
        if (current !== '') lines.push(current);
        current = '';
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
      if (current === '') current = rest;
      else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
      else {
        lines.push(current);
        current = rest;
      }
    }
    lines.push(current);
  }
  return lines.length === 0 ? [''] : lines;
}
