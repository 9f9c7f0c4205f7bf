/**
 * Opens one input: reads it once in large chunks, gunzips it when it starts with the gzip magic,
 * sniffs EVTX / binary / text encoding, and decodes the text into line batches.
 */
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { addAbortSignal, type Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { ChunkDecoder, SNIFF_BYTES, sniffBytes, type DecodeWarningCode, type SniffResult } from './decode.js';
import { InputError, toInputError } from './errors.js';
import { DEFAULT_MAX_LINE_LENGTH } from './lines.js';
import type { InputFile, OpenedInput } from './types.js';
import { batchStrings, unitString, UnitLineSplitter, type LineBatch } from './units.js';

/**
 * Chunk size for reading files. Every chunk is a new buffer that lives until the next GC, and each
 * reading thread has its own: a larger chunk buys no speed and costs tens of MB of peak RSS per thread.
 */
export const READ_CHUNK_BYTES = 256 * 1024;
/** Recycled chunk buffers a file source keeps (one being parsed, one read ahead, one spare). */
const MAX_SPARE_CHUNKS = 2;
/** Lines kept in `head` for format detection. */
export const HEAD_LINES = 200;
/** Decoded characters after which the head stops growing even with fewer lines (a file of very long lines). */
const HEAD_MAX_CHARS = 8 * 1024 * 1024;
/** Compressed bytes handed to zlib at a time, so one write cannot inflate to a huge burst. */
const GUNZIP_SLICE_BYTES = 64 * 1024;

/** Warning codes of `openInput` (they map onto `Diagnostic.code`). */
export type InputWarningCode = DecodeWarningCode | 'corrupt' | 'long-line';

export interface OpenOptions {
  /** Stream to read for the path `-` (see `ResolvedInputs.stdinStream`). */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Aborts reading: the pending read rejects with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** Problems that do not stop reading (truncated gzip, cut lines, encoding switch). File name not included. */
  readonly onWarning?: ((message: string, code: InputWarningCode) => void) | undefined;
  /** Longest line kept (UTF-16 code units); default 1 MiB. */
  readonly maxLineLength?: number | undefined;
  /** Lines kept in `head`; default 200. */
  readonly headLines?: number | undefined;
  /**
   * Reads only bytes `[start, end)` of a regular file, decoded as `text` says (what sniffing the whole
   * file found): one segment of a file read in parts. No gzip, no sniffing.
   */
  readonly part?: FilePart | undefined;
}

/** A byte range of a file and how the file's text was sniffed. */
export interface FilePart {
  readonly start: number;
  readonly end: number;
  readonly text: SniffResult;
}

/** Pulls buffers from an async iterator, remembering when it is exhausted. */
class Puller {
  done = false;
  constructor(readonly iterator: AsyncIterator<Buffer>) {}

  async next(): Promise<Buffer | null> {
    if (this.done) return null;
    const r = await this.iterator.next();
    if (r.done) {
      this.done = true;
      return null;
    }
    return r.value;
  }
}

async function* replay(prefix: readonly Buffer[], rest: Puller): AsyncGenerator<Buffer, void, undefined> {
  for (const chunk of prefix) yield chunk;
  for (let chunk = await rest.next(); chunk !== null; chunk = await rest.next()) yield chunk;
}

/** Raw bytes of an input, pulled one chunk at a time. */
interface Source {
  /** Next chunk, or null at the end. */
  read(): Promise<Buffer | null>;
  /** Releases the file descriptor between reads; the next `read` reopens the file where it left off. */
  suspend(): Promise<void>;
  /** Stops reading for good. */
  destroy(): Promise<void>;
  /** A chunk `read` returned that nothing refers to any more: its memory may be read into again. */
  recycle?(chunk: Buffer): void;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * Positioned reads of a file. A regular file is closed while nobody reads it (after the head, until
 * `lines` or `bytes` is read), so an input that the caller drops after looking at its head holds no descriptor.
 * Pipes and devices (`<(zcat x)`, `/dev/stdin`) are read sequentially and stay open.
 */
class FileSource implements Source {
  private handle: FileHandle | null;
  private position: number;
  private ended = false;

  constructor(
    private readonly file: InputFile & { readonly absolutePath: string },
    handle: FileHandle,
    private readonly seekable: boolean,
    private readonly signal: AbortSignal | undefined,
    /** Bytes `[start, end)` only (a seekable file). */
    private readonly range: { readonly start: number; readonly end: number } | null = null,
  ) {
    this.handle = handle;
    this.position = range?.start ?? 0;
  }

  static async open(
    file: InputFile & { readonly absolutePath: string },
    signal: AbortSignal | undefined,
    range: { readonly start: number; readonly end: number } | null = null,
  ): Promise<FileSource> {
    let handle: FileHandle | undefined;
    try {
      handle = await openFile(file.absolutePath, 'r');
      const stat = await handle.stat();
      if (stat.isDirectory()) throw new InputError('is-directory', file.path, 'is a directory');
      if (range !== null && !stat.isFile()) throw new InputError('unreadable', file.path, 'only a regular file can be read in parts');
      return new FileSource(file, handle, stat.isFile(), signal, range);
    } catch (err) {
      await handle?.close().catch(() => undefined);
      throw toInputError(err, file.path);
    }
  }

  /** The next chunk of a regular file, read while the caller parses the last one. */
  private ahead: Promise<Buffer | null> | null = null;
  /**
   * Chunk buffers handed back by `recycle`. Reusing them keeps the process from allocating (and the
   * allocator from fragmenting) a fresh 256 KiB buffer for every chunk of a large file.
   */
  private readonly spare: Buffer[] = [];

  recycle(chunk: Buffer): void {
    if (chunk.byteOffset !== 0 || chunk.buffer.byteLength !== READ_CHUNK_BYTES || this.spare.length >= MAX_SPARE_CHUNKS) return;
    this.spare.push(Buffer.from(chunk.buffer, 0, READ_CHUNK_BYTES));
  }

  async read(): Promise<Buffer | null> {
    this.signal?.throwIfAborted();
    const pending = this.ahead;
    this.ahead = null;
    if (pending === null && this.ended) return null;
    const chunk = pending !== null ? await pending : await this.readNow();
    if (chunk !== null && this.seekable && !this.ended) {
      const next = this.readNow();
      // A failure of the read ahead surfaces at the next `read`.
      next.catch(() => undefined);
      this.ahead = next;
    }
    return chunk;
  }

  private async readNow(): Promise<Buffer | null> {
    this.signal?.throwIfAborted();
    if (this.ended) return null;
    try {
      this.handle ??= await openFile(this.file.absolutePath, 'r');
      const buffer = this.spare.pop() ?? Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const want = this.range === null ? READ_CHUNK_BYTES : Math.min(READ_CHUNK_BYTES, this.range.end - this.position);
      const { bytesRead } = want <= 0 ? { bytesRead: 0 } : await this.handle.read(buffer, 0, want, this.seekable ? this.position : null);
      if (bytesRead === 0) {
        await this.close();
        return null;
      }
      this.position += bytesRead;
      if (bytesRead === READ_CHUNK_BYTES) return buffer;
      // Pipes return small reads: do not keep a 1 MiB buffer alive for each.
      return bytesRead < READ_CHUNK_BYTES / 4 ? Buffer.from(buffer.subarray(0, bytesRead)) : buffer.subarray(0, bytesRead);
    } catch (err) {
      await this.close();
      throw isAbort(err) ? err : toInputError(err, this.file.path);
    }
  }

  async suspend(): Promise<void> {
    if (!this.seekable) return;
    // The read ahead keeps its result (or its error) for the next `read`; the file closes once it is done.
    await this.ahead?.catch(() => undefined);
    if (this.handle === null) return;
    const handle = this.handle;
    this.handle = null;
    await handle.close();
  }

  async destroy(): Promise<void> {
    this.ended = true;
    await this.ahead?.catch(() => undefined);
    this.ahead = null;
    await this.close();
  }

  private async close(): Promise<void> {
    this.ended = true;
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }
}

/** Standard input, or the replay stream from `resolveInputs`. */
class StreamSource implements Source {
  private readonly iterator: AsyncIterator<Buffer | string>;
  private ended = false;

  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly file: InputFile,
    signal: AbortSignal | undefined,
  ) {
    if (signal && isNodeStream(stream)) addAbortSignal(signal, stream);
    this.iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  }

  async read(): Promise<Buffer | null> {
    while (!this.ended) {
      let r: IteratorResult<Buffer | string>;
      try {
        r = await this.iterator.next();
      } catch (err) {
        this.ended = true;
        throw isAbort(err) ? err : toInputError(err, this.file.path);
      }
      if (r.done) {
        this.ended = true;
        break;
      }
      const bytes = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      if (bytes.length > 0) return bytes;
    }
    return null;
  }

  async suspend(): Promise<void> {}

  async destroy(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.iterator.return?.().catch(() => undefined);
    if (isNodeStream(this.stream) && !this.stream.destroyed) this.stream.destroy();
  }
}

function isNodeStream(s: NodeJS.ReadableStream): s is NodeJS.ReadableStream & Readable {
  return typeof (s as Partial<Readable>).destroy === 'function';
}

async function openSource(file: InputFile, options: OpenOptions): Promise<Source> {
  options.signal?.throwIfAborted();
  const absolutePath = file.absolutePath;
  if (absolutePath === null) {
    if (!options.stdin) throw new InputError('no-stdin', file.path, 'no standard input to read');
    return new StreamSource(options.stdin, file, options.signal);
  }
  const part = options.part;
  return FileSource.open({ ...file, absolutePath }, options.signal, part === undefined ? null : { start: part.start, end: part.end });
}

async function* readRaw(source: Source, count: (n: number) => void): AsyncGenerator<Buffer, void, undefined> {
  try {
    for (let chunk = await source.read(); chunk !== null; chunk = await source.read()) {
      count(chunk.length);
      yield chunk;
    }
  } finally {
    await source.destroy();
  }
}

/**
 * Streaming gunzip that keeps everything decompressed before a truncation or corruption and reports it
 * instead of throwing. Input is pulled only when the reader wants more, one slice at a time, and each write
 * is awaited, so the last data is never processed together with zlib's final flush (an error there would
 * discard that output).
 */
async function* gunzip(input: Puller, warn: (message: string, code: InputWarningCode) => void): AsyncGenerator<Buffer, void, undefined> {
  const z: Gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const queue: Buffer[] = [];
  let failure: (Error & { code?: string }) | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const nudge = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  z.on('data', (chunk: Buffer) => queue.push(chunk));
  z.on('error', (err) => {
    failure = err;
    nudge();
  });
  z.on('end', () => {
    ended = true;
    nudge();
  });
  const write = (slice: Buffer): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        z.off('close', done);
        resolve();
      };
      z.once('close', done);
      z.write(slice, done);
    });

  let produced = 0;
  let inputDone = false;
  try {
    for (;;) {
      while (queue.length > 0) {
        const chunk = queue.shift()!;
        produced += chunk.length;
        yield chunk;
      }
      if (failure !== null || ended) break;
      if (inputDone) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const chunk = await input.next();
      if (chunk === null) {
        inputDone = true;
        z.end();
        continue;
      }
      for (let at = 0; at < chunk.length && failure === null; at += GUNZIP_SLICE_BYTES) {
        await write(chunk.subarray(at, at + GUNZIP_SLICE_BYTES));
        while (queue.length > 0) {
          const out = queue.shift()!;
          produced += out.length;
          yield out;
        }
      }
    }
    const err = failure as (Error & { code?: string }) | null;
    if (err) {
      if (err.code === 'Z_BUF_ERROR') {
        warn(`unexpected end of gzip data (file truncated?): kept the ${produced} bytes decompressed before it`, 'truncated');
      } else {
        warn(`corrupt gzip data (${err.message}): kept the ${produced} bytes decompressed before it`, 'corrupt');
      }
    }
  } finally {
    z.destroy();
  }
}

/** Reads up to `want` bytes more into `held` (fewer at the end of the input). */
async function fill(from: Puller, held: Buffer[], have: number, want: number): Promise<number> {
  while (have < want) {
    const chunk = await from.next();
    if (chunk === null) break;
    held.push(chunk);
    have += chunk.length;
  }
  return have;
}

const EMPTY: AsyncIterable<never> = {
  [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
};

/**
 * Opens and sniffs an input. Rejects with an `InputError` (one line, names the file) when it cannot be opened;
 * content problems are reported through `onWarning` and never throw.
 */
export async function openInput(file: InputFile, options: OpenOptions = {}): Promise<OpenedInput> {
  const warn = (message: string, code: InputWarningCode): void => options.onWarning?.(message, code);
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const headLines = options.headLines ?? HEAD_LINES;

  const source = await openSource(file, options);
  let bytesRead = 0;
  let closed = false;
  const raw = new Puller(readRaw(source, (n) => (bytesRead += n)));
  let content = raw;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await content.iterator.return?.().catch(() => undefined);
    await raw.iterator.return?.().catch(() => undefined);
    await source.destroy();
  };

  try {
    // gzip is recognised by its magic bytes, whatever the file name says.
    const start: Buffer[] = [];
    await fill(raw, start, 0, 2);
    const magic = Buffer.concat(start);
    const gzip = options.part === undefined && magic[0] === 0x1f && magic[1] === 0x8b;
    if (gzip) content = new Puller(gunzip(new Puller(replay(start, raw)), warn));

    let held: Buffer[] | null = gzip ? [] : start;
    await fill(content, held, gzip ? 0 : magic.length, SNIFF_BYTES);
    const sniffed: SniffResult = options.part?.text ?? sniffBytes(Buffer.concat(held), content.done);
    const suffix = gzip ? '+gzip' : '';
    let claimed: 'lines' | 'bytes' | null = null;
    const claim = (what: 'lines' | 'bytes'): void => {
      if (claimed !== null || closed) {
        throw new Error(`${file.path}: input already ${claimed ? `read as ${claimed}` : 'closed'}; it can be read once`);
      }
      claimed = what;
    };

    async function* readBytes(): AsyncGenerator<Buffer, void, undefined> {
      const prefix = held ?? [];
      held = null;
      try {
        yield* prefix;
        for (let chunk = await content.next(); chunk !== null; chunk = await content.next()) yield chunk;
      } finally {
        await close();
      }
    }
    const bytes: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => {
        claim('bytes');
        return readBytes();
      },
    };
    const common = { file, bytes, bytesRead: () => bytesRead, close };

    if (sniffed.binary !== null) {
      // Nothing can read unknown binary content: release the file now.
      if (sniffed.binary === 'unknown') await close();
      else if (!content.done) await source.suspend();
      return {
        ...common,
        encoding: `binary${suffix}`,
        binary: sniffed.binary,
        binaryReason: sniffed.reason,
        lines: EMPTY,
        units: EMPTY,
        head: [],
      };
    }

    const decoder = new ChunkDecoder(sniffed.encoding, { asciiHead: sniffed.asciiHead, onWarning: warn });
    let cut = 0;
    let firstCut = 0;
    const splitter = new UnitLineSplitter({
      maxLineLength,
      onCutLine: (line) => {
        if (cut++ === 0) firstCut = line;
      },
    });
    // Line batches of the chunks read for the head, one array per chunk, replayed by `lines` / `units`.
    let batches: LineBatch[][] = [];
    let finished = false;
    const finish = (): LineBatch[] => {
      finished = true;
      const tail = decoder.endUnits();
      const last = [...(tail === null ? [] : splitter.push(tail)), ...splitter.end()];
      if (cut > 0) {
        warn(
          `${cut} line${cut === 1 ? ' was' : 's were'} longer than ${maxLineLength} characters and cut there (first: line ${firstCut})`,
          'long-line',
        );
      }
      return last;
    };
    let headChars = 0;
    const split = (chunk: Buffer): LineBatch[] => {
      const t = decoder.decodeUnits(chunk);
      if (t === null) return [];
      headChars += t.units.length;
      return splitter.push(t);
    };
    const feed = (chunk: Buffer): void => {
      const out = split(chunk);
      if (out.length > 0) batches.push(out);
    };
    for (const chunk of held) feed(chunk);
    while (splitter.lines < headLines && headChars < HEAD_MAX_CHARS) {
      const chunk = await content.next();
      if (chunk === null) break;
      held.push(chunk);
      feed(chunk);
    }
    if (content.done) {
      const last = finish();
      if (last.length > 0) batches.push(last);
    }
    if (!content.done) await source.suspend();
    const head: string[] = [];
    collect: for (const chunkBatches of batches) {
      for (const batch of chunkBatches) {
        for (let i = 0; i < batch.count; i++) {
          if (head.length === headLines) break collect;
          head.push(unitString(batch, batch.starts[i]!, batch.ends[i]!));
        }
      }
    }
    if (head.length === 0 && held !== null && held.length > 0) {
      // The first line is longer than the head window and has not ended yet: sniff on its beginning,
      // so a file of one enormous line is still recognised (and later cut) rather than skipped.
      const first = Buffer.concat(held.slice(0, 4)).subarray(0, SNIFF_BYTES);
      const peek = new TextDecoder(sniffed.encoding).decode(first).split(/\r\n|\r|\n/, 1)[0] ?? '';
      if (peek.trim() !== '') head.push(peek);
    }

    // Only the file's own chunks go back to it (gunzip output is not the source's memory).
    const recycle = gzip ? null : (chunk: Buffer): void => source.recycle?.(chunk);
    async function* readUnits(): AsyncGenerator<LineBatch[], void, undefined> {
      held = null;
      const pending = batches;
      batches = [];
      try {
        while (pending.length > 0) yield pending.shift()!;
        if (finished) return;
        for (let chunk = await content.next(); chunk !== null; chunk = await content.next()) {
          const out = split(chunk);
          if (out.length > 0) yield out;
          // The consumer asked for more: it is done with this chunk's units (see `OpenedInput.units`).
          recycle?.(chunk);
        }
        const last = finish();
        if (last.length > 0) yield last;
      } finally {
        await close();
      }
    }

    async function* readLines(): AsyncGenerator<string[], void, undefined> {
      for await (const chunkBatches of readUnits()) {
        const lines = chunkBatches.length === 1 ? batchStrings(chunkBatches[0]!) : chunkBatches.flatMap(batchStrings);
        if (lines.length > 0) yield lines;
      }
    }

    return {
      ...common,
      get encoding() {
        const label = decoder.encoding === sniffed.encoding ? sniffed.label : decoder.encoding;
        return `${label}${suffix}`;
      },
      binary: null,
      binaryReason: null,
      lines: {
        [Symbol.asyncIterator]: () => {
          claim('lines');
          return readLines();
        },
      },
      units: {
        [Symbol.asyncIterator]: () => {
          claim('lines');
          return readUnits();
        },
      },
      head,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
