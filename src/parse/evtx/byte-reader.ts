/** Cuts an arbitrary stream of buffers into exact-size blocks (file header, then 64 KiB chunks). */

const EMPTY = Buffer.alloc(0);

export class BlockReader {
  /** Pieces not yet handed out; `pending[head]` is the oldest (with `headOffset` bytes already used). */
  private pending: Buffer[] = [];
  private head = 0;
  private headOffset = 0;
  private pendingBytes = 0;
  private done = false;
  private readonly source: AsyncIterator<Buffer>;
  /** Reused for blocks that straddle pieces: a block is only read until the next `read`. */
  private scratch: Buffer | null = null;

  constructor(bytes: AsyncIterable<Buffer>) {
    this.source = bytes[Symbol.asyncIterator]();
  }

  /**
   * The next `size` bytes; fewer only at the end of the stream (empty once it is exhausted).
   * The block may be overwritten by the next call: callers copy what they keep.
   */
  async read(size: number): Promise<Buffer> {
    while (this.pendingBytes < size && !this.done) {
      const next = await this.source.next();
      if (next.done === true) {
        this.done = true;
        break;
      }
      if (next.value.length === 0) continue;
      this.pending.push(next.value);
      this.pendingBytes += next.value.length;
    }
    const take = Math.min(size, this.pendingBytes);
    this.pendingBytes -= take;
    const first = this.pending[this.head];
    if (first !== undefined && first.length - this.headOffset >= take) {
      // Common case: the block lies inside one piece, no copy.
      const block = first.subarray(this.headOffset, this.headOffset + take);
      this.consume(take);
      return block;
    }
    if (this.scratch === null || this.scratch.length < take) this.scratch = Buffer.allocUnsafe(Math.max(take, 65536));
    const block = this.scratch.subarray(0, take);
    let filled = 0;
    while (filled < take) {
      const piece = this.pending[this.head]!;
      const n = Math.min(piece.length - this.headOffset, take - filled);
      piece.copy(block, filled, this.headOffset, this.headOffset + n);
      filled += n;
      this.consume(n);
    }
    return block;
  }

  /** Advances past `n` bytes of the head piece, dropping it when used up. */
  private consume(n: number): void {
    this.headOffset += n;
    if (this.headOffset < this.pending[this.head]!.length) return;
    this.pending[this.head] = EMPTY; // let the used piece be collected now
    this.head++;
    this.headOffset = 0;
    // Drop used pieces in bulk so that tiny pieces do not cost a shift each.
    if (this.head >= 1024 || this.head === this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  /** Stops the underlying stream early (the consumer broke out of the loop or a read failed). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.source.return?.();
    }
  }
}
