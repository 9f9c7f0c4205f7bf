/**
 * PowerShell's default table output (domain.md §8.5):
 *
 *   Get-EventLog:   Index Time          EntryType   Source                 InstanceID Message
 *                   ----- ----          ---------   ------                 ---------- -------
 *                   12345 Jun 17 16:07  Error       Microsoft-Windows...         1230 A component on the ...
 *
 *   Get-WinEvent:      ProviderName: Microsoft-Windows-FailoverClustering
 *                   TimeCreated                     Id LevelDisplayName Message
 *                   -----------                     -- ---------------- -------
 *                   6/17/2009 4:07:58 PM          1230 Error            A component on the server ...
 *
 * Columns are cut at the header labels: text columns are left-aligned under their label, number
 * columns right-aligned to its end. Long values end in `...`. `Get-EventLog`'s Time has no year and
 * no seconds, so those records keep their time as text only.
 */
import type { FormatReader } from '../types.js';
import { nonBlank } from './head.js';
import { psField, psRecord, type PsField } from './ps-fields.js';
import { drain, RecordSink, type RawRecord } from './sink.js';

const RIGHT_ALIGNED = new Set(['index', 'id', 'instanceid', 'eventid', 'recordid', 'processid', 'threadid']);
const GROUP = /^\s*ProviderName:\s*(.+?)\s*$/;
const DASHES = /^[\s-]+$/;
const NO_YEAR = /^[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}$/;
/** Necessary for a header: the word `Message` (any case), which `psField` maps to the message column. */
const MESSAGE_WORD = /message/i;

interface Column {
  readonly name: string;
  readonly field: PsField | null;
  readonly start: number;
  readonly end: number;
  readonly right: boolean;
}

function columnsOf(header: string): Column[] | null {
  // A header has a Message column: most lines (rows) are ruled out without cutting them into words.
  if (!MESSAGE_WORD.test(header)) return null;
  const cols: Column[] = [];
  for (const m of header.matchAll(/\S+/g)) {
    const name = m[0];
    const start = m.index ?? 0;
    cols.push({ name, field: psField(name), start, end: start + name.length, right: RIGHT_ALIGNED.has(name.toLowerCase()) });
  }
  const known = cols.filter((c) => c.field !== null).length;
  return known >= 2 && cols.some((c) => c.field === 'message') ? cols : null;
}

/** Cuts a row into values by the header's label positions. */
function cut(row: string, cols: readonly Column[]): Map<PsField, string> {
  const out = new Map<PsField, string>();
  let pos = 0;
  const set = (c: Column, v: string): void => {
    if (c.field && !out.has(c.field)) out.set(c.field, v.trim());
  };
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k];
    if (!c) continue;
    const next = cols[k + 1];
    if (!next) {
      set(c, row.slice(c.right ? pos : Math.min(pos, c.start)));
      break;
    }
    if (c.right && k === 0) {
      set(c, row.slice(0, c.end));
      pos = c.end;
      continue;
    }
    if (next.right) {
      const seg = row.slice(pos, next.end);
      const m = /^(.*?)\s*(\S*)\s*$/.exec(seg);
      set(c, m?.[1] ?? '');
      set(next, m?.[2] ?? '');
      pos = next.end;
      k++;
      continue;
    }
    set(c, row.slice(pos, next.start));
    pos = next.start;
  }
  return out;
}

export const psTableReader: FormatReader = {
  id: 'eventlog-ps-table',
  kind: 'event-log',
  description: 'PowerShell Get-EventLog / Get-WinEvent default table output',
  sniff(head) {
    const lines = nonBlank(head, 40);
    for (let i = 0; i + 1 < lines.length; i++) {
      const h = lines[i] ?? '';
      if (DASHES.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('--') && columnsOf(h)) return 0.95;
    }
    return 0;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'PowerShell table');
    let cols: Column[] | null = null;
    let pendingHeader: { text: string; cols: Column[] } | null = null;
    let provider: string | null = null;
    let held: RawRecord | null = null;
    let extra: string[] = [];
    let noYearNoted = false;
    const flush = (): void => {
      if (held) sink.add(extra.length > 0 ? { ...held, message: `${held.message ?? ''} ${extra.join(' ')}` } : held);
      held = null;
      extra = [];
    };
    return drain(
      lines,
      sink,
      (text, no) => {
        if (text.trim() === '') return;
        const group = GROUP.exec(text);
        if (group) {
          flush();
          provider = group[1] ?? null;
          return;
        }
        const header = columnsOf(text);
        if (header) {
          pendingHeader = { text, cols: header };
          return;
        }
        if (pendingHeader && DASHES.test(text)) {
          flush();
          cols = pendingHeader.cols;
          pendingHeader = null;
          return;
        }
        pendingHeader = null;
        if (!cols) {
          sink.bad(no, 'text before the table header');
          return;
        }
        const message = cols.find((c) => c.field === 'message');
        if (held && message && text.slice(0, message.start).trim() === '') {
          // `Format-Table -Wrap`: the message continues under its column.
          extra.push(text.trim());
          return;
        }
        flush();
        const values = cut(text, cols);
        const id = values.get('id') ?? values.get('instanceId');
        if (id !== undefined && !/^\d+$/.test(id)) {
          sink.bad(no, `event ID '${id.slice(0, 20)}' is not a number`);
          return;
        }
        const time = values.get('time') ?? '';
        const raw = psRecord(no, (f) => (f === 'time' && NO_YEAR.test(time) ? undefined : values.get(f)));
        held = {
          ...raw,
          provider: raw.provider ?? provider,
          ...(NO_YEAR.test(time) ? { timeTextOnly: time } : {}),
        };
        if (NO_YEAR.test(time) && !noYearNoted) {
          noYearNoted = true;
          ctx.state.notes.push('Get-EventLog table times have no year or seconds: kept as text, not placed on the timeline');
        }
      },
      flush,
    );
  },
};
