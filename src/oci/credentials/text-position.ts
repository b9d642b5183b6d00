/**
 * Positions in a credential file for error messages. Parsers' own messages quote the text
 * around an error, which in these files is a password or token, so only the position is told.
 */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}
