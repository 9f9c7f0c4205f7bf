/** Buffered, synchronous file writing in the encodings Windows tools produce. */
import { closeSync, openSync, writeSync } from 'node:fs';

export type FileEncoding = 'utf8' | 'utf8-bom' | 'utf16le';

export function encodeText(text: string, encoding: FileEncoding): Buffer {
  if (encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from(text, 'utf8');
}

/**
 * Encodes strings straight into one large reusable buffer and writes it when full: constant
 * memory whatever the file size, no per-line buffers and no big joined strings to collect.
 */
export class ChunkWriter {
  private readonly fd: number;
  private readonly buf: Buffer;
  private off = 0;
  private rope = '';
  private written = 0;
  private readonly node: 'utf8' | 'utf16le';
  /** Worst-case bytes per UTF-16 code unit in the target encoding. */
  private readonly worst: number;

  constructor(path: string, encoding: FileEncoding, size = 4 << 20) {
    this.fd = openSync(path, 'w');
    this.buf = Buffer.allocUnsafe(size);
    this.node = encoding === 'utf16le' ? 'utf16le' : 'utf8';
    this.worst = encoding === 'utf16le' ? 2 : 3;
    if (encoding === 'utf16le') this.raw(Buffer.from([0xff, 0xfe]));
    if (encoding === 'utf8-bom') this.raw(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  /** Bytes written or buffered so far (pending text counted as one byte per UTF-16 unit in UTF-8: the logs are ASCII). */
  get bytes(): number {
    return this.written + this.off + this.rope.length * (this.node === 'utf16le' ? 2 : 1);
  }

  write(text: string): void {
    // Lines are joined into ~32K-character ropes first: one native encode per rope, not per line.
    this.rope += text;
    if (this.rope.length >= 32768) this.spill();
  }

  private spill(): void {
    const text = this.rope;
    this.rope = '';
    if (text.length === 0) return;
    const need = text.length * this.worst;
    if (this.off + need > this.buf.length) {
      this.flushBuffer();
      if (need > this.buf.length) {
        this.raw(Buffer.from(text, this.node));
        return;
      }
    }
    this.off += this.buf.write(text, this.off, this.node);
  }

  flush(): void {
    this.spill();
    this.flushBuffer();
  }

  private flushBuffer(): void {
    if (this.off === 0) return;
    const n = this.off;
    this.off = 0;
    let done = 0;
    while (done < n) done += writeSync(this.fd, this.buf, done, n - done);
    this.written += n;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private raw(buf: Buffer): void {
    this.flushBuffer();
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.written += buf.length;
  }
}
