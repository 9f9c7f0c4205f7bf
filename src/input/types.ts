/** Contracts of the input stage: resolving what the user handed us and decoding it into lines. */
import type { LineBatch } from './units.js';

/** A file to read, after resolving arguments, directories and standard input. */
export interface InputFile {
  /** The path as the user gave it (or as listed on standard input / found in a folder); `-` for piped text. */
  readonly path: string;
  /** Absolute path used to open it; null for piped text. */
  readonly absolutePath: string | null;
  readonly size: number | null;
}

/** What opening and sniffing a file's bytes found. Read either `lines` or `bytes`, once. */
export interface OpenedInput {
  readonly file: InputFile;
  /**
   * `utf-16le`, `utf-16le (no BOM)`, `utf-16be`, `utf-16be (no BOM)`, `utf-8`, `utf-8 (BOM)`, `windows-1252`; `+gzip` suffix
   * when compressed; `binary` for binary content. A `utf-8` file whose first chunk was plain ASCII can turn into
   * `windows-1252` while `lines` is read (a warning says so): read this after reading.
   */
  readonly encoding: string;
  /** `evtx` for an EVTX file (`ElfFile` signature): read `bytes` instead of `lines`. `unknown`: nothing to read. */
  readonly binary: 'evtx' | 'unknown' | null;
  /** Why `binary` is set, one phrase (`EVTX event log`, `only NUL bytes (no text)`, `a ZIP archive (extract it first)`); null for text. */
  readonly binaryReason: string | null;
  /** Decoded text as batches of lines (line endings CRLF, LF or lone CR removed). Empty for binary input. */
  readonly lines: AsyncIterable<string[]>;
  /**
   * The same lines as code units and offsets, one array of batches per chunk read (`lines` is made from
   * them): for readers that make strings only of what they keep. Read either this or `lines`. The units of
   * an array are valid until the next one is asked for (their memory is then read into again): copy what
   * is kept.
   */
  readonly units: AsyncIterable<LineBatch[]>;
  /** Raw (decompressed) bytes in chunks, for binary readers. */
  readonly bytes: AsyncIterable<Buffer>;
  /** First lines of the decoded text (up to ~200), for format detection; they are also yielded by `lines`. */
  readonly head: readonly string[];
  /** Bytes read so far from disk (compressed size for .gz), for progress. */
  bytesRead(): number;
  /**
   * Stops reading early and releases the file; safe to call more than once. Not needed otherwise: a file is not
   * held open between `openInput` and reading, and is closed when `lines` or `bytes` ends or is left early.
   */
  close(): Promise<void>;
}
