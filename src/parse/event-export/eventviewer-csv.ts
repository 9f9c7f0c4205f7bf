/**
 * Event Viewer "Save All Events As…" CSV and "Text (Tab delimited)" (domain.md §8.1–8.2):
 *
 *   Level,Date and Time,Source,Event ID,Task Category
 *   Error,6/17/2009 4:07:58 PM,Microsoft-Windows-FailoverClustering,1230,Resource Control Manager,"A component ...
 *
 * The message is an unnamed sixth column, quoted when it spans lines. Header names, level names and
 * dates follow the exporting machine's language and locale.
 */
import { levelFromName } from '../../events/catalogue.js';
import type { FormatReader } from '../types.js';
import { CsvSplitter, type CsvRecord } from './csv.js';
import { parseDateTime } from './dates.js';
import { nonBlank, share, unquote } from './head.js';
import { drain, RecordSink } from './sink.js';

type Role = 'level' | 'date' | 'source' | 'id' | 'task';

/** Header names per role, as Event Viewer writes them in several UI languages. */
const HEADER_NAMES: Readonly<Record<Role, readonly string[]>> = {
  level: ['level', 'ebene', 'niveau', 'nivel', 'livello', 'nível', 'レベル', '级别', '層級', '수준', 'уровень', 'poziom'],
  date: [
    'date and time', 'datum und uhrzeit', 'date et heure', 'fecha y hora', 'data e ora', 'data e hora', '日付と時刻', '日期和时间',
    '日期和時間', '날짜 및 시간', 'дата и время', 'data i godzina',
  ],
  source: ['source', 'quelle', 'origen', 'origine', 'fonte', 'ソース', '来源', '來源', '원본', 'источник', 'źródło'],
  id: [
    'event id', 'ereignis-id', "id de l'événement", 'id de l’événement', 'id. del evento', 'id evento', 'identificação do evento',
    'id do evento', 'イベント id', '事件 id', '事件識別碼', '이벤트 id', 'код события', 'identyfikator zdarzenia',
  ],
  task: [
    'task category', 'aufgabenkategorie', 'catégorie de la tâche', 'categoría de la tarea', 'categoria attività',
    'categoria da tarefa', 'タスクのカテゴリ', '任务类别', '工作類別', '작업 범주', 'категория задачи', 'kategoria zadania',
  ],
};

const DEFAULT_ORDER: readonly Role[] = ['level', 'date', 'source', 'id', 'task'];

function roleOf(name: string): Role | null {
  const key = unquote(name).trim().toLowerCase();
  for (const role of DEFAULT_ORDER) if (HEADER_NAMES[role].includes(key)) return role;
  return null;
}

/** Column positions from a header row, or null when the row is not a header. */
function headerColumns(fields: readonly string[]): Map<Role, number> | null {
  const map = new Map<Role, number>();
  fields.forEach((f, i) => {
    const role = roleOf(f);
    if (role && !map.has(role)) map.set(role, i);
  });
  return map.size >= 4 && map.has('date') && map.has('id') ? map : null;
}

function firstFields(line: string, delimiter: string, count: number): string[] {
  const out: string[] = [];
  let from = 0;
  for (let k = 0; k < count; k++) {
    const at = line.indexOf(delimiter, from);
    if (at < 0) {
      out.push(line.slice(from));
      break;
    }
    out.push(line.slice(from, at));
    from = at + delimiter.length;
  }
  return out.map(unquote);
}

/**
 * A data row: `Error,6/17/2009 4:07:58 PM,Source,1230,`. Two of level name, date and numeric ID are
 * enough, so that a row with one damaged field still starts a record (and is reported) instead of
 * being taken for the continuation of the message before it.
 */
function looksLikeRow(line: string, delimiter: string): boolean {
  const f = firstFields(line, delimiter, 4);
  if (f.length < 4) return false;
  const [level, date, , id] = f;
  if (!level || level.length > 24) return false;
  const signs = [levelFromName(level) !== null, parseDateTime(date ?? '') !== null, /^\d{1,5}$/.test((id ?? '').trim())];
  return signs.filter(Boolean).length >= 2;
}

function isHeader(line: string, delimiter: string): boolean {
  return headerColumns(firstFields(line, delimiter, 6)) !== null;
}

function makeReader(id: string, delimiter: string, label: string, description: string): FormatReader {
  return {
    id,
    kind: 'event-log',
    description,
    sniff(head) {
      const lines = nonBlank(head, 40);
      const first = lines[0];
      if (!first || !first.includes(delimiter)) return 0;
      if (isHeader(first, delimiter)) return 0.95;
      // No header (a pasted excerpt): data rows alone.
      const rows = share(lines.slice(0, 20), (l) => looksLikeRow(l, delimiter));
      return rows >= 0.5 ? 0.55 + 0.3 * rows : 0;
    },
    read(lines, ctx) {
      const sink = new RecordSink(ctx, label);
      const splitter = new CsvSplitter({ delimiter, isRecordStart: (l) => looksLikeRow(l, delimiter) || isHeader(l, delimiter) });
      let columns: Map<Role, number> | null = null;
      let seenData = false;
      const take = (rec: CsvRecord): void => {
        const header = headerColumns(rec.fields);
        if (header) {
          columns = header;
          return;
        }
        seenData = true;
        const col = (role: Role): number => columns?.get(role) ?? DEFAULT_ORDER.indexOf(role);
        const width = columns ? Math.max(...columns.values()) + 1 : DEFAULT_ORDER.length;
        if (rec.fields.length < 4) {
          sink.bad(rec.line, `${rec.fields.length} fields where ${width + 1} were expected`);
          return;
        }
        const get = (role: Role): string => rec.fields[col(role)] ?? '';
        const eventId = get('id').trim();
        if (eventId !== '' && !/^\d+$/.test(eventId)) {
          sink.bad(rec.line, `event ID '${eventId.slice(0, 20)}' is not a number`);
          return;
        }
        // Commas inside an unquoted message split it into several trailing fields.
        let message = rec.fields.slice(width).join(delimiter);
        if (rec.extra.length > 0) message += `\n${rec.extra.join('\n')}`;
        sink.add({
          line: rec.line,
          levelName: get('level'),
          localDate: get('date'),
          provider: get('source'),
          eventId,
          task: get('task'),
          message,
        });
      };
      const report = (): void => {
        for (const p of splitter.problems.splice(0)) sink.bad(p.line, p.message, p.code);
      };
      return drain(
        lines,
        sink,
        (text, no) => {
          for (const rec of splitter.push(text, no)) take(rec);
          report();
        },
        async () => {
          for (const rec of await splitter.end()) take(rec);
          report();
          if (!seenData && columns) ctx.state.notes.push('header only: the export holds no events');
        },
      );
    },
  };
}

export const eventViewerCsvReader = makeReader(
  'eventlog-csv',
  ',',
  'Event Viewer CSV',
  'Event Viewer "Save As" CSV (Level, Date and Time, Source, Event ID, Task Category, message)',
);

export const eventViewerTsvReader = makeReader(
  'eventlog-tsv',
  '\t',
  'Event Viewer tab-delimited text',
  'Event Viewer "Save As" Text (Tab delimited)',
);
