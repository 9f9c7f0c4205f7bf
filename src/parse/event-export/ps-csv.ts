/**
 * `Get-WinEvent | Export-Csv` and `Get-EventLog | Export-Csv` (domain.md §8.5): an optional
 * `#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord` line (Windows PowerShell without
 * -NoTypeInformation), a quoted header, one quoted row per event. Columns are read by name, in any
 * subset and order; `-UseCulture` exports use the list separator (`;` in much of Europe).
 */
import type { FormatReader } from '../types.js';
import { CsvSplitter, guessDelimiter, splitLine, type CsvRecord } from './csv.js';
import { nonBlank } from './head.js';
import { DISTINCTIVE, psField, psRecord, type PsField } from './ps-fields.js';
import { drain, RecordSink } from './sink.js';

const TYPE_LINE = /^#TYPE\s+\S+/;

/** Field positions of a header row, or null when the row is not a PowerShell event header. */
function headerOf(fields: readonly string[]): Map<PsField, number> | null {
  const map = new Map<PsField, number>();
  let distinctive = 0;
  fields.forEach((name, i) => {
    const f = psField(name);
    if (f && !map.has(f)) map.set(f, i);
    if (DISTINCTIVE.has(name.trim().toLowerCase())) distinctive++;
  });
  const identifies = map.has('message') || map.has('id') || map.has('instanceId');
  return map.size >= 2 && distinctive >= 1 && identifies ? map : null;
}

export const psCsvReader: FormatReader = {
  id: 'eventlog-ps-csv',
  kind: 'event-log',
  description: 'PowerShell Get-WinEvent / Get-EventLog | Export-Csv (columns by name)',
  sniff(head) {
    const lines = nonBlank(head, 5);
    let first = lines[0];
    if (!first) return 0;
    const typed = TYPE_LINE.test(first);
    if (typed) first = lines[1] ?? '';
    const header = headerOf(splitLine(first, guessDelimiter(first)));
    if (header) return 0.93;
    return typed && /EventLog(Record|Entry)/.test(lines[0] ?? '') ? 0.6 : 0;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'PowerShell Export-Csv');
    let splitter: CsvSplitter | null = null;
    let columns: Map<PsField, number> | null = null;
    const take = (rec: CsvRecord): void => {
      if (!columns) {
        columns = headerOf(rec.fields);
        if (!columns) sink.bad(rec.line, 'no PowerShell event header before this row');
        return;
      }
      const cols = columns;
      if (rec.fields.length < 2) {
        sink.bad(rec.line, 'row with a single field');
        return;
      }
      const raw = psRecord(rec.line, (f) => {
        const i = cols.get(f);
        return i === undefined ? undefined : rec.fields[i];
      });
      if (raw.eventId !== null && raw.eventId !== undefined && !/^\d+$/.test(String(raw.eventId).trim()) && String(raw.eventId).trim() !== '') {
        sink.bad(rec.line, `event ID '${String(raw.eventId).slice(0, 20)}' is not a number`);
        return;
      }
      sink.add(raw);
    };
    const report = (): void => {
      if (splitter && splitter.problems.length > 0) for (const p of splitter.problems.splice(0)) sink.bad(p.line, p.message, p.code);
    };
    return drain(
      lines,
      sink,
      (text, no) => {
        if (!splitter) {
          if (text.trim() === '' || TYPE_LINE.test(text)) return;
          splitter = new CsvSplitter({ delimiter: guessDelimiter(text) });
        }
        for (const rec of splitter.push(text, no)) take(rec);
        report();
      },
      async () => {
        if (splitter) for (const rec of await splitter.end()) take(rec);
        report();
      },
    );
  },
};
