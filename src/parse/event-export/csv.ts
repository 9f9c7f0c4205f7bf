/**
 * CSV records from a stream of physical lines. Quoted fields may span lines (event messages do), so
 * lines are gathered until the quotes balance, then each record is read as csv-parse reads it (with
 * `relax_quotes`, `relax_column_count`): plain records by hand (`splitPlain`), any other by csv-parse.
 * A record whose quote never closes is cut off when a line that can only start a new record arrives
 * (or at a size bound, or at the end) and reported once: the records around it survive.
 * Unquoted continuation lines (tab-delimited exports) are attached to the record before them.
 */
import { Parser, type Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** Physical line where the record starts. */
  readonly line: number;
  readonly fields: string[];
  /** Lines after the record that belong to its last field (unquoted multi-line messages). */
  readonly extra: string[];
}

export interface CsvSplitterOptions {
  readonly delimiter: string;
  /** True when a line can only be the first line of a record; enables recovery and continuation lines. */
  readonly isRecordStart?: ((line: string) => boolean) | undefined;
  /** Every record through one streaming csv-parse parser (the tests compare the two ways). */
  readonly streaming?: boolean | undefined;
}

export interface CsvProblem {
  readonly line: number;
  readonly code: 'truncated' | 'bad-record';
  readonly message: string;
}

/** Bounds a runaway unterminated quote. */
const MAX_RECORD_LINES = 5000;
const MAX_RECORD_CHARS = 8 << 20;

const QUOTE = 0x22;

/**
 * The fields of one complete record (no line break outside quotes) when it is plain: every field
 * either unquoted (a quote inside it is text, as `relax_quotes` reads it) or quoted with its closing
 * quote right before a delimiter or the end, `""` inside standing for `"`. That is exactly what
 * csv-parse returns for such a record. Undefined for anything else (a closing quote followed by text,
 * text that is not well-formed UTF-16, which csv-parse would turn into U+FFFD): csv-parse reads those.
 */
export function splitPlain(text: string, delimiter: string): string[] | undefined {
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) return undefined;
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return undefined;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (!text.startsWith(delimiter, i)) return undefined;
      i += delimiter.length;
    } else {
      const at = text.indexOf(delimiter, i);
      if (at < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, at));
      i = at + delimiter.length;
    }
  }
}

/** csv-parse's reading of one complete record (as its streaming parser reads it), or undefined when it is not one row. */
function parseOne(text: string, delimiter: string): string[] | undefined {
  try {
    const rows = parse(`${text}\n`, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: '\n' }) as string[][];
    return rows.length === 1 ? rows[0] : undefined;
  } catch {
    return undefined;
  }
}

interface Held {
  readonly line: number;
  readonly extra: string[];
  readonly fields: string[];
  readonly text: string;
}

export class CsvSplitter {
  private lines: string[] = [];
  private chars = 0;
  private start = 0;
  private inQuote = false;
  private last: CsvRecord | null = null;
  private csv: Parser | null = null;
  /** Records written to csv-parse and not yet read back (start line, continuation lines). */
  private readonly fed: { line: number; extra: string[] }[] = [];
  private lastFed: { line: number; extra: string[] } | null = null;
  private records = 0;
  /**
   * The record read last, not yet handed on: csv-parse hands a row out only once the next record is
   * written, and that order (records against problems and continuation lines) is kept.
   */
  private held: Held | null = null;
  /** A record could not be read on its own: from there on every record goes through one streaming csv-parse parser, as it always did. */
  private streaming = false;
  private failure = 'rejected by the CSV parser';
  readonly problems: CsvProblem[] = [];

  constructor(private readonly options: CsvSplitterOptions) {
    this.streaming = options.streaming === true;
  }

  /** Feeds one physical line; returns records that are complete and can no longer grow. */
  push(text: string, no: number): CsvRecord[] {
    const out: CsvRecord[] = [];
    const starts = this.options.isRecordStart;
    if (this.lines.length > 0) {
      // Inside an open quote.
      if (starts && starts(text)) {
        this.problems.push({ line: this.start, code: 'bad-record', message: 'quoted field never closed; record skipped' });
        this.reset();
      } else {
        this.append(text);
        if (!this.inQuote) this.complete(out);
        else if (this.lines.length > MAX_RECORD_LINES || this.chars > MAX_RECORD_CHARS) {
          this.problems.push({ line: this.start, code: 'bad-record', message: 'quoted field never closed; record skipped' });
          this.reset();
        }
        return out;
      }
    }
    if (text.trim() === '') return out;
    const previous = this.lastFed ?? this.last;
    if (starts && previous && !starts(text)) {
      previous.extra.push(text);
      return out;
    }
    this.start = no;
    this.append(text);
    if (!this.inQuote) this.complete(out);
    return out;
  }

  /** End of input: the held records, and a report when a quote was left open. */
  async end(): Promise<CsvRecord[]> {
    const out: CsvRecord[] = [];
    if (this.lines.length > 0) {
      this.problems.push({
        line: this.start,
        code: 'truncated',
        message: 'file ends inside a quoted field (cut off?); the incomplete record is skipped',
      });
      this.reset();
    }
    this.release(out);
    await this.flushParser(out);
    if (this.last) out.push(this.last);
    this.last = null;
    return out;
  }

  private append(text: string): void {
    this.lines.push(text);
    this.chars += text.length;
    this.scan(text);
  }

  /**
   * Tracks whether the record is inside a quoted field at the end of the line. A quote opens a field
   * only at the start of a field (RFC 4180); elsewhere it is text, as csv-parse's `relax_quotes` reads it.
   */
  private scan(text: string): void {
    const d = this.options.delimiter;
    let i = 0;
    // Outside quotes, from `region` on: a quote opens a field when it follows a delimiter, or starts the region that starts a field.
    let region = 0;
    let regionStartsField = !this.inQuote;
    for (;;) {
      if (this.inQuote) {
        const q = text.indexOf('"', i);
        if (q < 0) return;
        if (text.charCodeAt(q + 1) === QUOTE) {
          i = q + 2;
          continue;
        }
        this.inQuote = false;
        i = region = q + 1;
        regionStartsField = false;
        continue;
      }
      const q = text.indexOf('"', i);
      if (q < 0) return;
      const fieldStart = q === region ? regionStartsField : text[q - 1] === d;
      if (fieldStart) this.inQuote = true;
      i = q + 1;
    }
  }

  private reset(): void {
    this.lines = [];
    this.chars = 0;
    this.inQuote = false;
  }

  private complete(out: CsvRecord[]): void {
    const text = this.lines.join('\n');
    const line = this.start;
    this.reset();
    if (this.records++ === 0) {
      // csv-parse takes its expected width from the first row and builds an error object for every row
      // of another width: the header (one column short in Event Viewer exports) is parsed on its own.
      this.first(text, line, out);
      return;
    }
    const fed = { line, extra: [] as string[] };
    this.lastFed = fed;
    if (!this.streaming) {
      const d = this.options.delimiter;
      const fields = splitPlain(text, d) ?? parseOne(text, d);
      if (fields !== undefined) {
        this.release(out);
        this.held = { line, extra: fed.extra, fields, text };
        return;
      }
      // Not one row on its own (csv-parse would report it): the streaming parser from here on, the held record first.
      this.streaming = true;
      const h = this.held;
      this.held = null;
      if (h) {
        this.fed.push({ line: h.line, extra: h.extra });
        this.parser().write(`${h.text}\n`);
      }
    }
    this.fed.push(fed);
    const parser = this.parser();
    parser.write(`${text}\n`);
    this.collect(parser, out);
  }

  /** Hands on the held record (the row csv-parse would release now). */
  private release(out: CsvRecord[]): void {
    const h = this.held;
    if (!h) return;
    this.held = null;
    this.accept({ line: h.line, fields: h.fields, extra: h.extra }, out);
  }

  private first(text: string, line: number, out: CsvRecord[]): void {
    let rows: string[][];
    try {
      rows = parse(text, { delimiter: this.options.delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (err) {
      this.problems.push({ line, code: 'bad-record', message: `not a CSV record (${err instanceof Error ? err.message : String(err)})` });
      return;
    }
    for (const fields of rows) {
      this.lastFed = { line, extra: [] };
      this.accept({ line, fields, extra: this.lastFed.extra }, out);
    }
  }

  /** Moves parsed rows out of the parser; csv-parse releases a row once it has seen what follows it. */
  private collect(parser: Parser, out: CsvRecord[]): void {
    if (parser.destroyed) {
      // A row csv-parse refused despite the relaxed options: report it and go on with a fresh parser.
      for (const f of this.fed.splice(0)) this.problems.push({ line: f.line, code: 'bad-record', message: `not a CSV record (${this.failure})` });
      this.csv = null;
      this.lastFed = null;
      return;
    }
    for (let row = parser.read() as string[] | null; row !== null; row = parser.read() as string[] | null) {
      const fed = this.fed.shift() ?? { line: this.lastFed?.line ?? 0, extra: [] };
      this.accept({ line: fed.line, fields: row, extra: fed.extra }, out);
    }
  }

  private accept(rec: CsvRecord, out: CsvRecord[]): void {
    if (!this.options.isRecordStart) {
      out.push(rec);
      return;
    }
    if (this.last) out.push(this.last);
    this.last = rec;
  }

  private parser(): Parser {
    if (this.csv) return this.csv;
    const options: Options = {
      delimiter: this.options.delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: '\n',
    };
    const p = new Parser(options);
    p.on('error', (err: Error) => {
      this.failure = err.message;
    });
    this.csv = p;
    return p;
  }

  /** Ends the csv-parse stream and collects its last rows (its flush may run on the next tick). */
  private async flushParser(out: CsvRecord[]): Promise<void> {
    const p = this.csv;
    if (!p) return;
    p.end();
    this.collect(p, out);
    if (this.fed.length > 0 && !p.destroyed) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.collect(p, out);
    }
    for (const f of this.fed.splice(0)) this.problems.push({ line: f.line, code: 'bad-record', message: 'CSV record could not be read' });
    this.csv = null;
    this.lastFed = null;
  }
}

/** Delimiter of a header line: the one of `,` `;` TAB that splits it into the most fields. */
export function guessDelimiter(header: string): string {
  const count = (d: string): number => header.split(d).length;
  const candidates = ['\t', ',', ';'];
  let best = ',';
  let bestCount = 1;
  for (const d of candidates) {
    const n = count(d);
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Splits one line without quotes spanning lines (for sniffing). */
export function splitLine(line: string, delimiter: string): string[] {
  try {
    const rows = parse(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    return rows[0] ?? [];
  } catch {
    return line.split(delimiter);
  }
}
