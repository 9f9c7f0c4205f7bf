/** Contracts of the input stage: resolving what the user handed us and decoding it into lines. */

/** A file to read, after resolving arguments, directories and standard input. */
export interface InputFile {
  /** The path as the user gave it (or as listed on standard input / found in a folder); `-` for piped text. */
  readonly path: string;
  /** Absolute path used to open it; null for piped text. */
  readonly absolutePath: string | null;
  readonly size: number | null;
}

/** What opening and sniffing a file's bytes found. */
export interface OpenedInput {
  readonly file: InputFile;
  /** `utf-16le`, `utf-16le (no BOM)`, `utf-16be`, `utf-8`, `utf-8 (BOM)`, `windows-1252`; `+gzip` suffix when compressed; `binary` for .evtx. */
  readonly encoding: string;
  /** True when the content is a binary EVTX file (`ElfFile` signature): read `bytes` instead of `lines`. */
  readonly binary: 'evtx' | 'unknown' | null;
  /** Decoded text as batches of lines (line endings CRLF, LF or lone CR removed). Empty for binary input. */
  readonly lines: AsyncIterable<string[]>;
  /** Raw (decompressed) bytes in chunks, for binary readers. */
  readonly bytes: AsyncIterable<Buffer>;
  /** First lines of the decoded text (up to ~200), for format detection; they are also yielded by `lines`. */
  readonly head: readonly string[];
  /** Bytes read so far from disk (compressed size for .gz), for progress. */
  bytesRead(): number;
}
