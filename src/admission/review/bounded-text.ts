/**
 * Size bounds for text the webhook writes back or logs. Every string here can carry
 * attacker-chosen text (an image reference, a field name), and one review can hold up to
 * 3 MiB of it; answers and log lines must stay small whatever the input.
 */

/** `text` cut to exactly `max` characters when longer, saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = `… (${text.length - max} more characters)`;
  return `${text.slice(0, Math.max(0, max - note.length))}${note}`;
}

export interface LineBounds {
  /** The joined text stays within this many characters. */
  readonly max: number;
  /** Each line is cut to this many characters first. */
  readonly maxLine: number;
}

/**
 * Joins whole lines with `\n`, each cut to `maxLine`, while they fit in `max` with room
 * left for the summary `more(n)` of the `n` lines left out; those are counted, never
 * rendered, so a million lines cost one pass and no copy.
 */
export function joinLinesBounded(
  lines: readonly string[],
  bounds: LineBounds,
  more: (leftOut: number) => string,
): string {
  const shown: string[] = [];
  let length = 0;
  const room = bounds.max - more(lines.length).length - 1;
  for (const line of lines) {
    const cut = truncate(line, bounds.maxLine);
    const added = cut.length + (shown.length === 0 ? 0 : 1);
    if (length + added > room) break;
    shown.push(cut);
    length += added;
  }
  const leftOut = lines.length - shown.length;
  if (leftOut > 0) shown.push(more(leftOut));
  return truncate(shown.join('\n'), bounds.max);
}
