/**
 * `wevtutil qe System /f:text` (domain.md §8.4):
 *
 *   Event[24]:
 *     Log Name: System
 *     Source: Microsoft-Windows-FailoverClustering
 *     Date: 2019-05-26T10:21:11.251
 *     Event ID: 1230
 *     ...
 *     Description:
 *   <message, unindented, possibly many lines>
 *
 * Dates are local ISO without offset; Level and Opcode values are localised.
 */
import type { FormatReader } from '../types.js';
import { nonBlank, share } from './head.js';
import { labelLine, type Field } from './labels.js';
import { drain, parseEventId, RecordSink } from './sink.js';

const BLOCK = /^Event\[(\d+)\]:\s*$/;

interface Block {
  line: number;
  fields: Partial<Record<Field, string>>;
  description: string[] | null;
}

export const wevtutilTextReader: FormatReader = {
  id: 'eventlog-wevtutil-text',
  kind: 'event-log',
  description: 'wevtutil qe /f:text blocks (Event[N]: with indented fields, unindented description)',
  sniff(head) {
    const lines = nonBlank(head, 80);
    if (!lines.some((l) => BLOCK.test(l))) return 0;
    const labelled = share(lines, (l) => {
      const f = labelLine(l);
      return f !== null && f.indent > 0;
    });
    return labelled > 0.15 ? 0.95 : 0.6;
  },
  read(lines, ctx) {
    const sink = new RecordSink(ctx, 'wevtutil /f:text');
    let block: Block | null = null;

    const finish = (): void => {
      const b = block;
      block = null;
      if (!b) return;
      const f = b.fields;
      const description = (b.description ?? []).join('\n').trim();
      if (f.id !== undefined && parseEventId(f.id) === null) {
        sink.bad(b.line, `event ID '${f.id.slice(0, 20)}' is not a number`);
        return;
      }
      if (f.id === undefined && description === '') {
        sink.bad(b.line, 'Event[N] block without event ID or description');
        return;
      }
      sink.add({
        line: b.line,
        localDate: f.date ?? null,
        levelName: f.level ?? null,
        provider: f.source ?? null,
        eventId: f.id ?? null,
        computer: f.computer ?? null,
        channel: f.log ?? null,
        task: f.task && f.task !== 'N/A' ? f.task : null,
        message: description,
      });
    };

    return drain(
      lines,
      sink,
      (text, no) => {
        if (BLOCK.test(text)) {
          finish();
          block = { line: no, fields: {}, description: null };
          return;
        }
        if (!block) {
          if (text.trim() !== '') sink.bad(no, 'text before the first Event[N]: block');
          return;
        }
        if (block.description) {
          block.description.push(text);
          return;
        }
        const label = labelLine(text);
        if (!label) {
          if (text.trim() !== '') block.description = [text];
          return;
        }
        if (label.field === 'description') {
          block.description = label.value ? [label.value] : [];
          return;
        }
        // `User` and `User Name` both exist; the first wins for each.
        block.fields[label.field] ??= label.value;
      },
      finish,
    );
  },
};
