/**
 * `Get-WinEvent | Format-List` and `Get-EventLog | Format-List` (domain.md §8.5):
 *
 *   TimeCreated  : 6/17/2009 4:07:58 PM
 *   ProviderName : Microsoft-Windows-FailoverClustering
 *   Id           : 1230
 *   Message      : A component on the server did not respond in a timely fashion. This caused the
 *                  cluster resource 'Cluster Name' (resource type 'Network Name', DLL 'clusres.dll') ...
 *
 * Values continue on indented lines (the console width wraps them; multi-line messages keep their
 * breaks); records are separated by blank lines or start again at a property already seen. Property names are .NET names, never localised; values are.
 */
import type { FormatReader } from '../types.js';
import { nonBlank } from './head.js';
import { DISTINCTIVE, psField, psRecord } from './ps-fields.js';
import { drain, RecordSink } from './sink.js';

const PROPERTY = /^([A-Za-z][A-Za-z0-9]{1,40})(\s*): ?(.*)$/;

interface Item {
  line: number;
  values: Map<string, string>;
  current: string | null;
}

export const psListReader: FormatReader = {
  id: 'eventlog-ps-list',
  kind: 'event-log',
  description: 'PowerShell Get-WinEvent / Get-EventLog | Format-List',
  sniff(head) {
    const names = new Set<string>();
    let distinctive = 0;
    for (const l of nonBlank(head, 80)) {
      const m = PROPERTY.exec(l);
      if (!m || psField(m[1] ?? '') === null) continue;
      const name = (m[1] ?? '').toLowerCase();
      if (!names.has(name) && DISTINCTIVE.has(name)) distinctive++;
      names.add(name);
    }
    if (names.size >= 3 && distinctive >= 1 && (names.has('message') || names.has('id') || names.has('eventid'))) return 0.9;
    return 0;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'PowerShell Format-List');
    let item: Item | null = null;
    let blanks = 0;

    const finish = (): void => {
      const it = item;
      item = null;
      if (!it) return;
      const byField = new Map<string, string>();
      for (const [name, value] of it.values) {
        const f = psField(name);
        if (f && !byField.has(f)) byField.set(f, value);
      }
      if (!byField.has('message') && !byField.has('id') && !byField.has('instanceId')) {
        sink.bad(it.line, 'list item without Id or Message');
        return;
      }
      const id = byField.get('id') ?? byField.get('instanceId');
      if (id !== undefined && !/^\d+$/.test(id.trim())) {
        sink.bad(it.line, `event ID '${id.slice(0, 20)}' is not a number`);
        return;
      }
      sink.add(psRecord(it.line, (f) => byField.get(f)));
    };

    return drain(
      lines,
      sink,
      (text, no) => {
        if (text.trim() === '') {
          blanks++;
          return;
        }
        const m = PROPERTY.exec(text);
        if (item && item.current && (!m || /^\s/.test(text))) {
          // A wrapped or multi-line value; an empty line inside it was a blank line of the message.
          const prev = item.values.get(item.current) ?? '';
          item.values.set(item.current, `${prev}${'\n'.repeat(Math.max(1, blanks + 1))}${text.trim()}`);
          blanks = 0;
          return;
        }
        if (!m) {
          blanks = 0;
          sink.bad(no, 'not a "Name : value" line');
          return;
        }
        const name = m[1] ?? '';
        if (item && (blanks > 0 || item.values.has(name))) finish();
        blanks = 0;
        item ??= { line: no, values: new Map(), current: null };
        item.values.set(name, m[3] ?? '');
        item.current = name;
      },
      finish,
    );
  },
};
