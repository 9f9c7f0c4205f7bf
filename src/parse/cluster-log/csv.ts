/**
 * CSV rows of the 2016+ object tables (domain.md §3: "in csv format"), fed line by line so that
 * a quoted cell spanning lines keeps every physical line accounted for. RFC 4180 quoting.
 */
export class CsvRowReader {
  cells: string[] = [];
  private cell = '';
  private inQuotes = false;
  private quotedCell = false;

  /** Feeds one physical line; true when the row is complete (no quote left open). */
  feed(line: string): boolean {
    const len = line.length;
    let start = 0;
    let i = 0;
    while (i < len) {
      const c = line.charCodeAt(i);
      if (this.inQuotes) {
        if (c === 34) {
          this.cell += line.slice(start, i);
          if (line.charCodeAt(i + 1) === 34) {
            this.cell += '"';
            i += 2;
          } else {
            this.inQuotes = false;
            i += 1;
          }
          start = i;
          continue;
        }
      } else if (c === 44) {
        this.cell += line.slice(start, i);
        this.pushCell();
        start = i + 1;
      } else if (c === 34 && this.cell === '' && i === start && !this.quotedCell) {
        this.inQuotes = true;
        this.quotedCell = true;
        start = i + 1;
      }
      i++;
    }
    this.cell += line.slice(start, len);
    if (this.inQuotes) {
      this.cell += '\n';
      return false;
    }
    this.pushCell();
    return true;
  }

  /** Returns the cells of the finished (or abandoned) row and resets. */
  take(): string[] {
    if (this.inQuotes || this.cell !== '') this.pushCell();
    const cells = this.cells;
    this.cells = [];
    this.inQuotes = false;
    return cells;
  }

  get open(): boolean {
    return this.inQuotes;
  }

  private pushCell(): void {
    this.cells.push(this.quotedCell ? this.cell : this.cell.trim());
    this.cell = '';
    this.quotedCell = false;
  }
}

/** Keys a row by column name; extra cells get `column N`, duplicate names `Name#2`. */
export function rowByHeader(headers: readonly string[], cells: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  for (let i = 0; i < cells.length; i++) {
    const name = headers[i] ?? `column ${i + 1}`;
    // A column literally named `__proto__` would be swallowed by a plain object.
    const key = name === '__proto__' ? `column ${i + 1}` : name;
    row[key] = cells[i] ?? '';
  }
  return row;
}

/** Header names, made unique and non-empty. */
export function headerNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const name = raw.trim() === '' ? `column ${i + 1}` : raw.trim();
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  });
}
