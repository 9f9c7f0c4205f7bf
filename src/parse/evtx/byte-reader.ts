/** Cuts an arbitrary stream of buffers into exact-size blocks (file header, then 64 KiB chunks). */

export class BlockReader {
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private done = false;
  private readonly source: AsyncIterator<Buffer>;

  constructor(bytes: AsyncIterable<Buffer>) {
    this.source = bytes[Symbol.asyncIterator]();
  }

  /** Total bytes handed out so far. */
  offset = 0;

  /** The next `size` bytes; fewer only at the end of the stream (empty once it is exhausted). */
  async read(size: number): Promise<Buffer> {
    while (this.pendingBytes < size && !this.done) {
      const next = await this.source.next();
      if (next.done === true) {
        this.done = true;
        break;
      }
      const piece = next.value;
      if (piece.length === 0) continue;
      this.pending.push(piece);
      this.pendingBytes += piece.length;
    }
    const take = Math.min(size, this.pendingBytes);
    this.offset += take;
    const first = this.pending[0];
    if (first !== undefined && first.length >= take) {
      // Common case: the block lies inside one piece, no copy.
      const block = first.subarray(0, take);
      if (first.length === take) this.pending.shift();
      else this.pending[0] = first.subarray(take);
      this.pendingBytes -= take;
      return block;
    }
    const block = Buffer.allocUnsafe(take);
    let filled = 0;
    while (filled < take) {
      const piece = this.pending[0]!;
      const n = Math.min(piece.length, take - filled);
      piece.copy(block, filled, 0, n);
      filled += n;
      if (n === piece.length) this.pending.shift();
      else this.pending[0] = piece.subarray(n);
    }
    this.pendingBytes -= take;
    return block;
  }

  /** Stops the underlying stream early (the consumer broke out of the loop or a read failed). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.source.return?.();
    }
  }
}
