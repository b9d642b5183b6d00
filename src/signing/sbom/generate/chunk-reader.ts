/**
 * Exact-length reads over a stream of chunks, for the tar reader: `read(n)` returns n bytes
 * (fewer only at the end), `skip(n)` drops n bytes without copying them. At most one
 * source chunk beyond what was asked is held, so memory stays bounded by the caller's reads.
 */
export class ChunkReader {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  /** Bytes consumed so far (read or skipped). */
  position = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done === true) {
      this.ended = true;
      return false;
    }
    const chunk = next.value;
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    return true;
  }

  async read(length: number): Promise<Uint8Array> {
    while (this.buffered < length && (await this.pull()));
    const size = Math.min(length, this.buffered);
    const out = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const head = this.chunks[0]!;
      const take = Math.min(head.byteLength, size - filled);
      out.set(head.subarray(0, take), filled);
      filled += take;
      this.drop(take);
    }
    return out;
  }

  /** Calls `visit` on each piece of the next `length` bytes, in order, without copying. */
  async forEachPiece(length: number, visit: (piece: Uint8Array) => void): Promise<number> {
    let left = length;
    while (left > 0) {
      if (this.buffered === 0 && !(await this.pull())) break;
      const head = this.chunks[0]!;
      const take = Math.min(head.byteLength, left);
      visit(head.subarray(0, take));
      this.drop(take);
      left -= take;
    }
    return length - left;
  }

  skip(length: number): Promise<number> {
    return this.forEachPiece(length, () => undefined);
  }

  private drop(count: number): void {
    const head = this.chunks[0]!;
    if (count === head.byteLength) this.chunks.shift();
    else this.chunks[0] = head.subarray(count);
    this.buffered -= count;
    this.position += count;
  }
}
