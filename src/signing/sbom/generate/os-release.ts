/**
 * os-release(5): shell-style KEY=value lines, values optionally quoted. The distribution's
 * ID and VERSION_ID name the purl namespace and `distro` qualifier of OS packages.
 */
export interface OsRelease {
  id?: string;
  versionId?: string;
  idLike: string[];
}

export function parseOsRelease(text: string): OsRelease {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match === null) continue;
    let value = match[2]!.trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    values[match[1]!] = value.replace(/\\(["'$`\\])/g, '$1');
  }
  return {
    ...(values.ID === undefined ? {} : { id: values.ID.toLowerCase() }),
    ...(values.VERSION_ID === undefined ? {} : { versionId: values.VERSION_ID }),
    idLike: (values.ID_LIKE ?? '').split(/\s+/).filter((part) => part !== ''),
  };
}
