/**
 * Resolves what the user handed us into a list of files: arguments, folders (walked), and standard input,
 * which holds either log text or a list of files (paths one per line, or PowerShell's table of FileInfo objects).
 * Only enumerates: what each file contains is decided later, by content.
 */
import { constants, type BigIntStats } from 'node:fs';
import { access, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, win32 } from 'node:path';
import { Readable } from 'node:stream';
import type { Diagnostic, SkippedInput } from '../shared/report.js';
import { ChunkDecoder, SNIFF_BYTES, sniffBytes } from './decode.js';
import { toInputError } from './errors.js';
import { LineSplitter } from './lines.js';
import type { InputFile } from './types.js';

export interface ResolveOptions {
  /** Standard input; read when an argument is `-`, or when there are no arguments and it is not a terminal. */
  readonly stdin?: (NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined }) | undefined;
  /** Folder that relative paths start from; default `process.cwd()`. */
  readonly cwd?: string | undefined;
}

/** What standard input held: log text, a list of paths, or PowerShell's default rendering of FileInfo objects. */
export type StdinKind = 'text' | 'paths' | 'table';

/**
 * The inputs to read.
 * - `files`: in argument order; a folder's files in sorted order; files listed on standard input where the listing
 *   was; each file once (a second path to the same file is in `skipped`).
 * - `stdinText`/`stdinStream`: standard input holding log text (path `-`). Open it with
 *   `openInput(stdinText, { stdin: stdinStream })`: the stream replays the bytes read to decide, then the rest.
 * - `skipped`: every named or found path that will not be read, with the reason.
 * - `diagnostics`: the problems among them (missing, unreadable, symbolic link loop) and notes on how standard input
 *   was read; `message` does not repeat the file, which is in `file`.
 */
export interface ResolvedInputs {
  readonly files: InputFile[];
  readonly stdinText: InputFile | null;
  readonly stdinStream: NodeJS.ReadableStream | null;
  readonly stdinKind: StdinKind | null;
  readonly skipped: SkippedInput[];
  readonly diagnostics: Diagnostic[];
}

/** A listing bigger than this is not a listing: read standard input as text instead. */
const MAX_LISTING_BYTES = 16 * 1024 * 1024;

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

export async function resolveInputs(args: readonly string[], options: ResolveOptions = {}): Promise<ResolvedInputs> {
  const resolver = new Resolver(options.cwd ?? process.cwd());
  const stdin = options.stdin;
  let stdinUsed = false;
  const readStdin = async (explicit: boolean): Promise<void> => {
    if (stdinUsed) {
      if (explicit) resolver.skip('-', 'standard input is already read');
      return;
    }
    stdinUsed = true;
    if (!stdin) {
      if (explicit) resolver.problem('-', 'no standard input to read', 'error', 'unreadable');
      return;
    }
    await resolver.addStdin(stdin, explicit);
  };

  if (args.length === 0) {
    if (stdin && stdin.isTTY !== true) await readStdin(false);
  } else {
    for (const arg of args) {
      if (arg === '-') await readStdin(true);
      else await resolver.addArgument(arg);
    }
  }
  return resolver.result();
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Resolver {
  private readonly files: InputFile[] = [];
  private readonly skipped: SkippedInput[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  /** Files and folders already taken, by device and inode, with the path they were taken as. */
  private readonly seenFiles = new Map<string, string>();
  private readonly seenDirs = new Map<string, string>();
  private stdinText: InputFile | null = null;
  private stdinStream: NodeJS.ReadableStream | null = null;
  private stdinKind: StdinKind | null = null;

  constructor(private readonly cwd: string) {}

  result(): ResolvedInputs {
    return {
      files: this.files,
      stdinText: this.stdinText,
      stdinStream: this.stdinStream,
      stdinKind: this.stdinKind,
      skipped: this.skipped,
      diagnostics: this.diagnostics,
    };
  }

  skip(path: string, reason: string): void {
    this.skipped.push({ path, reason });
  }

  /** A path that will not be read because of a problem: skipped, and a diagnostic. */
  problem(path: string, reason: string, level: Diagnostic['level'], code: string): void {
    this.skip(path, reason);
    this.note(path, reason, level, code);
  }

  note(path: string | null, message: string, level: Diagnostic['level'], code: string): void {
    this.diagnostics.push({ level, code, file: path, line: null, message });
  }

  async addArgument(arg: string): Promise<void> {
    if (arg.trim() === '') {
      this.problem(arg, 'empty path', 'error', 'unreadable');
      return;
    }
    const absolute = resolve(this.cwd, arg);
    let st: BigIntStats;
    try {
      st = await stat(absolute, { bigint: true });
    } catch (err) {
      this.problem(arg, toInputError(err, arg).reason, 'error', 'unreadable');
      return;
    }
    await this.addFound(arg, absolute, st, true);
  }

  private async addFound(shown: string, absolute: string, st: BigIntStats, named: boolean): Promise<void> {
    if (st.isDirectory()) await this.walk(shown, absolute, st, new Map());
    else await this.addFile(shown, absolute, st, named);
  }

  private async key(absolute: string, st: BigIntStats): Promise<string> {
    // Some file systems report inode 0; fall back to the real path there.
    if (st.ino !== 0n) return `${st.dev}:${st.ino}`;
    return `path:${await realpath(absolute).catch(() => absolute)}`;
  }

  private async addFile(shown: string, absolute: string, st: BigIntStats, named: boolean): Promise<void> {
    if (!st.isFile()) {
      // A pipe or device named on the command line (`<(zcat x.gz)`, `/dev/stdin`) is read as a stream.
      if (named && (st.isFIFO() || st.isCharacterDevice())) {
        this.files.push({ path: shown, absolutePath: absolute, size: null });
      } else {
        this.skip(shown, 'not a regular file');
      }
      return;
    }
    if (st.size === 0n) {
      if (named) this.problem(shown, 'empty file', 'warning', 'empty');
      else this.skip(shown, 'empty file');
      return;
    }
    const key = await this.key(absolute, st);
    const seen = this.seenFiles.get(key);
    if (seen !== undefined) {
      this.skip(shown, `same file as ${seen}`);
      return;
    }
    try {
      await access(absolute, constants.R_OK);
    } catch (err) {
      this.problem(shown, toInputError(err, shown).reason, 'error', 'unreadable');
      return;
    }
    this.seenFiles.set(key, shown);
    this.files.push({ path: shown, absolutePath: absolute, size: Number(st.size) });
  }

  /** Depth first, entries in code-unit order; symbolic links are followed, a link back to an ancestor is a loop. */
  private async walk(shown: string, absolute: string, st: BigIntStats, ancestors: Map<string, string>): Promise<void> {
    const key = await this.key(absolute, st);
    const ancestor = ancestors.get(key);
    if (ancestor !== undefined) {
      this.problem(shown, `symbolic link loop (leads back to ${ancestor})`, 'warning', 'symlink-loop');
      return;
    }
    const seen = this.seenDirs.get(key);
    if (seen !== undefined) {
      this.skip(shown, `same folder as ${seen}`);
      return;
    }
    this.seenDirs.set(key, shown);
    let names: string[];
    try {
      names = await readdir(absolute);
    } catch (err) {
      this.problem(shown, toInputError(err, shown).reason, 'error', 'unreadable');
      return;
    }
    names.sort(byCodeUnit);
    const inside = new Map(ancestors).set(key, shown);
    for (const name of names) {
      const childShown = join(shown, name);
      const childAbsolute = join(absolute, name);
      let child: BigIntStats;
      try {
        child = await stat(childAbsolute, { bigint: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') this.skip(childShown, 'broken symbolic link');
        else if (code === 'ELOOP') this.problem(childShown, 'symbolic link loop', 'warning', 'symlink-loop');
        else this.problem(childShown, toInputError(err, childShown).reason, 'error', 'unreadable');
        continue;
      }
      if (child.isDirectory()) await this.walk(childShown, childAbsolute, child, inside);
      else await this.addFile(childShown, childAbsolute, child, false);
    }
  }

  async addStdin(stdin: NodeJS.ReadableStream, explicit: boolean): Promise<void> {
    const iterator = (stdin as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    const held: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const more = async (): Promise<boolean> => {
      const r = await iterator.next();
      if (r.done) {
        done = true;
        return false;
      }
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      held.push(chunk);
      bytes += chunk.length;
      return true;
    };
    try {
      while (bytes < SNIFF_BYTES && (await more()));
    } catch (err) {
      this.problem('-', toInputError(err, '-').reason, 'error', 'unreadable');
      return;
    }
    if (bytes === 0 && done) {
      if (explicit) this.problem('-', 'standard input is empty', 'warning', 'empty');
      return;
    }

    let listing = classifyListing(held, done);
    if (listing !== null && !done) {
      // Looks like a listing: it ends where standard input ends.
      try {
        while (bytes <= MAX_LISTING_BYTES && (await more()));
      } catch (err) {
        this.problem('-', toInputError(err, '-').reason, 'error', 'unreadable');
        return;
      }
      listing = done ? classifyListing(held, true) : null;
    }

    if (listing === null) {
      this.stdinKind = 'text';
      this.stdinText = { path: '-', absolutePath: null, size: done ? bytes : null };
      this.stdinStream = Readable.from(replay(held, done ? null : iterator), { objectMode: false });
      return;
    }
    this.stdinKind = listing.kind;
    const what = listing.kind === 'table' ? 'a PowerShell file listing' : 'a list of paths';
    this.note('-', `standard input read as ${what} (${listing.entries.length} entries)`, 'info', 'stdin-listing');
    for (const entry of listing.entries) await this.addListed(entry);
  }

  /**
   * A path listed on standard input: as given, else (when it does not exist here, e.g. a Windows path on
   * another machine) its file name in the current folder, so that a copied folder plus a piped listing works.
   */
  private async addListed(entry: ListedEntry): Promise<void> {
    const listed = entry.path;
    const found = await this.locate(entry);
    if (typeof found === 'string') {
      this.problem(listed, found, 'error', 'unreadable');
      return;
    }
    if (found.shown !== listed) {
      this.note(found.shown, `listed as ${listed}, which is not here: read ${found.shown} from the current folder`, 'info', 'resolved-by-name');
    }
    await this.addFound(found.shown, found.absolute, found.st, true);
  }

  private async locate(entry: ListedEntry): Promise<{ shown: string; absolute: string; st: BigIntStats } | string> {
    const listed = entry.path;
    const tryPath = async (shown: string, absolute: string): Promise<{ shown: string; absolute: string; st: BigIntStats } | null> => {
      try {
        return { shown, absolute, st: await stat(absolute, { bigint: true }) };
      } catch {
        return null;
      }
    };
    const foreign = process.platform !== 'win32' && WINDOWS_ABSOLUTE.test(listed);
    const name = win32.basename(listed.replace(/[\\/]+$/, ''));
    if (entry.cutShort) {
      const prefix = name.replace(/(?:\.\.\.|…)$/, '');
      const dir = win32.dirname(listed);
      const folders = foreign || dir === '.' ? [this.cwd] : [resolve(this.cwd, dir), this.cwd];
      for (const folder of folders) {
        const match = await uniqueEntry(folder, (n) => n.toLowerCase().startsWith(prefix.toLowerCase()));
        if (match !== null) {
          const shown = folder === this.cwd ? match : join(dir, match);
          const hit = await tryPath(shown, join(folder, match));
          if (hit) return hit;
        }
      }
      return `file name cut short by the console width (pipe "| % FullName" instead)`;
    }
    if (!foreign) {
      const hit = (await tryPath(listed, resolve(this.cwd, listed))) ??
        (process.platform !== 'win32' && listed.includes('\\') ? await tryPath(listed, resolve(this.cwd, listed.replaceAll('\\', '/'))) : null);
      if (hit) return hit;
    }
    if (name !== '' && name !== listed) {
      const direct = await tryPath(name, join(this.cwd, name));
      if (direct) return direct;
      // Windows names are case-insensitive: NODE1_cluster.log may have been copied as node1_cluster.log.
      const match = await uniqueEntry(this.cwd, (n) => n.toLowerCase() === name.toLowerCase());
      if (match !== null) {
        const hit = await tryPath(match, join(this.cwd, match));
        if (hit) return hit;
      }
    }
    return name !== '' && name !== listed ? `not found (nor ${name} in the current folder)` : 'no such file or directory';
  }
}

/** The only entry of `folder` whose name passes `test`, or null. */
async function uniqueEntry(folder: string, test: (name: string) => boolean): Promise<string | null> {
  try {
    const matches = (await readdir(folder)).filter(test);
    return matches.length === 1 ? matches[0]! : null;
  } catch {
    return null;
  }
}

async function* replay(held: Buffer[], rest: AsyncIterator<Buffer | string> | null): AsyncGenerator<Buffer, void, undefined> {
  try {
    while (held.length > 0) yield held.shift()!;
    if (rest === null) return;
    for (let r = await rest.next(); !r.done; r = await rest.next()) {
      yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
  } finally {
    await rest?.return?.();
  }
}

export interface ListedEntry {
  /** The path as listed, or Directory + Name for a table row. */
  readonly path: string;
  /** The console cut the name short (`NODE1_clus...`). */
  readonly cutShort: boolean;
}

export interface Listing {
  readonly kind: 'paths' | 'table';
  readonly entries: readonly ListedEntry[];
}

/** Decodes the bytes read so far and decides whether they are a listing of files; null for log text. */
export function classifyListing(held: readonly Buffer[], complete: boolean): Listing | null {
  const bytes = Buffer.concat(held);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return null;
  const sniffed = sniffBytes(bytes.subarray(0, SNIFF_BYTES), complete && bytes.length <= SNIFF_BYTES);
  if (sniffed.binary !== null) return null;
  const decoder = new ChunkDecoder(sniffed.encoding, { asciiHead: sniffed.asciiHead });
  const splitter = new LineSplitter();
  const lines = splitter.push(decoder.decode(bytes));
  // Without the end of the input, the last line may be incomplete: leave it out.
  if (complete) lines.push(...splitter.push(decoder.end()), ...splitter.end());
  const clean = lines.map((line) => line.replace(ANSI_ESCAPE, '').trimEnd());
  const table = parseFileTable(clean);
  if (table !== null) return { kind: 'table', entries: table };
  const paths = parsePathList(clean);
  if (paths !== null) return { kind: 'paths', entries: paths.map((path) => ({ path, cutShort: false })) };
  return null;
}

const DASH_ROW = /^ *-+(?: +-+)* *$/;
/** `    Directory: C:\Windows\Cluster\Reports` (the label is localised: `Verzeichnis:`, `Répertoire :`). */
const DIRECTORY_LINE = /^\s+[\p{L}][\p{L} ]{0,30}?\s?:\s+(\S.*)$/u;
/** FileInfo `Mode` column: `-a----`, `d-----`, `-ar---`, `la---`. */
const MODE = /^[-darhslx]{4,7}$/i;
const PROVIDER_PREFIX = /^[\w.]+\\FileSystem::/i;

function looksLikeFolder(path: string): boolean {
  return WINDOWS_ABSOLUTE.test(path) || path.startsWith('/');
}

function joinListed(dir: string, name: string): string {
  const windows = dir.includes('\\') || /^[A-Za-z]:/.test(dir);
  const sep = windows ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/**
 * PowerShell's default table for FileInfo objects (`Get-ClusterLog`, `Get-ChildItem`):
 * blank lines, `Directory: <dir>`, a header ending in `Name`, a row of dashes, then rows whose last column is the
 * name. The name may contain spaces, so it is cut at the header's column, not at whitespace.
 */
export function parseFileTable(lines: readonly string[]): ListedEntry[] | null {
  const entries: ListedEntry[] = [];
  let dir: string | null = null;
  let nameColumn = -1;
  let sawTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      nameColumn = -1;
      continue;
    }
    const next = lines[i + 1];
    if (nameColumn === -1 && next !== undefined && DASH_ROW.test(next)) {
      const column = next.lastIndexOf(' -') + 1;
      if (column <= 0 || !/^Name\b/i.test(line.slice(column))) return null;
      nameColumn = column;
      sawTable = true;
      i++;
      continue;
    }
    if (nameColumn === -1) {
      const directory = DIRECTORY_LINE.exec(line);
      const path = directory?.[1]?.replace(PROVIDER_PREFIX, '');
      if (path === undefined || !looksLikeFolder(path)) return null;
      dir = path;
      continue;
    }
    const mode = line.slice(0, line.search(/\s|$/));
    if (!MODE.test(mode)) return null;
    let name: string;
    if (line.length > nameColumn && line[nameColumn - 1] === ' ') name = line.slice(nameColumn).trim();
    else {
      // A value wider than its column pushed the name right: take what follows the length.
      const m = /^\S+\s+.*?\s\d+\s+(\S.*)$/.exec(line);
      if (!m) return null;
      name = m[1]!.trim();
    }
    if (name === '') return null;
    const cutShort = name.endsWith('...') || name.endsWith('…');
    entries.push({ path: dir === null ? name : joinListed(dir, name), cutShort });
  }
  return sawTable && entries.length > 0 ? entries : null;
}

/** One path per line; also `Select-Object FullName` output (a `FullName` header over dashes). */
export function parsePathList(lines: readonly string[]): string[] | null {
  let rows = lines.map((line) => line.trim()).filter((line) => line !== '');
  if (rows.length >= 2 && /^(?:FullName|Path|PSPath|Name)$/i.test(rows[0]!) && /^-+$/.test(rows[1]!)) rows = rows.slice(2);
  if (rows.length === 0) return null;
  const paths: string[] = [];
  for (const row of rows) {
    const path = unquote(row).replace(PROVIDER_PREFIX, '');
    if (!isPathLike(path)) return null;
    paths.push(path);
  }
  return paths;
}

function unquote(s: string): string {
  return s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) ? s.slice(1, -1) : s;
}

/**
 * Absolute (Windows, UNC, POSIX) or explicitly relative paths, or a bare relative path without blanks that has
 * a folder separator or a file extension. Log lines have blanks and no such shape.
 */
function isPathLike(s: string): boolean {
  if (s === '' || s.length > 32767 || CONTROL.test(s)) return false;
  if (WINDOWS_ABSOLUTE.test(s) || s.startsWith('/') || /^\.{1,2}[\\/]/.test(s)) return !/[<>|"*?]/.test(s.replace(/^\\\\\?\\/, ''));
  if (/[\s<>|"*?:]/.test(s)) return false;
  return /[\\/]/.test(s) || /\.[A-Za-z0-9]{1,8}$/.test(s);
}
