/**
 * Finds Go build information in an executable as it streams past: Go writes a 32-byte
 * header starting "\xff Go buildinf:" into the .go.buildinfo section (Go source,
 * debug/buildinfo), and since Go 1.18 the version and module strings follow it inline,
 * each prefixed by its uvarint length. The scanner keeps only a window after the magic, so
 * memory stays bounded whatever the binary's size. Binaries of Go before 1.18 (pointers
 * instead of inline strings) are not read.
 */
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** The module list of a large program (kubectl) is about 20 KB; 1 MiB is ample. */
const WINDOW = 1024 * 1024;

export interface GoBuildInfo {
  goVersion: string;
  /** The text `go version -m` prints: path, mod, dep, => and build lines. */
  modules: string;
}

export class GoBuildInfoScanner {
  private tail = Buffer.alloc(0);
  private captured: Buffer[] = [];
  private capturedBytes = 0;
  private found = false;

  /** Feeds the next piece of the file. */
  push(piece: Uint8Array): void {
    if (this.capturedBytes >= WINDOW) return;
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (this.found) {
      this.keep(bytes);
      return;
    }
    const joined = this.tail.length === 0 ? bytes : Buffer.concat([this.tail, bytes]);
    const at = joined.indexOf(MAGIC);
    if (at >= 0) {
      this.found = true;
      this.keep(joined.subarray(at));
      return;
    }
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - MAGIC.length + 1)));
  }

  private keep(bytes: Buffer): void {
    const room = WINDOW - this.capturedBytes;
    const slice = Buffer.from(bytes.subarray(0, room));
    this.captured.push(slice);
    this.capturedBytes += slice.length;
  }

  result(): GoBuildInfo | undefined {
    if (!this.found) return undefined;
    return parseBuildInfo(Buffer.concat(this.captured));
  }
}

/** Whether a file's first bytes are an executable format Go writes (ELF, PE, Mach-O). */
export function looksExecutable(head: Uint8Array): boolean {
  if (head.byteLength < 4) return false;
  const word = Buffer.from(head.buffer, head.byteOffset, 4).readUInt32BE(0);
  return (
    word === 0x7f454c46 || // ELF
    (head[0] === 0x4d && head[1] === 0x5a) || // MZ (PE)
    word === 0xfeedface ||
    word === 0xfeedfacf ||
    word === 0xcefaedfe ||
    word === 0xcffaedfe
  );
}

function parseBuildInfo(data: Buffer): GoBuildInfo | undefined {
  if (data.length < 32) return undefined;
  const flags = data[15]!;
  if ((flags & 0x2) === 0) return undefined;
  let offset = 32;
  const next = (): string | undefined => {
    let length = 0;
    let shift = 0;
    for (;;) {
      if (offset >= data.length || shift > 35) return undefined;
      const byte = data[offset++]!;
      length += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    if (offset + length > data.length) return undefined;
    const text = data.subarray(offset, offset + length).toString('utf8');
    offset += length;
    return text;
  };
  const goVersion = next();
  let modules = next();
  if (goVersion === undefined || modules === undefined) return undefined;
  // The module text is framed by 16-byte sentinels (cmd/go/internal/modload infoStart/infoEnd).
  if (modules.length >= 33 && modules[modules.length - 17] === '\n')
    modules = modules.slice(16, -16);
  return { goVersion, modules };
}
