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

/** Header name → role; the first role in `DEFAULT_ORDER` that lists a name keeps it. */
const ROLE_BY_NAME = new Map<string, Role>();
for (const role of DEFAULT_ORDER) for (const name of HEADER_NAMES[role]) if (!ROLE_BY_NAME.has(name)) ROLE_BY_NAME.set(name, role);

/** Longest header name. */
const MAX_NAME = Math.max(...[...ROLE_BY_NAME.keys()].map((k) => k.length));

/** Roles of short fields seen before (levels, sources, tasks repeat on every row). */
const ROLE_CACHE = new Map<string, Role | null>();

/**
 * False for a field that cannot be a header name. Every data row is tested, its message included.
 * Trimming and unquoting remove only blanks and quotes, and lower-casing keeps a digit and leaves at
 * least one unit per code point: a field whose first other character is a digit (dates, IDs), or with
 * more than twice the longest name in other printable ASCII characters (messages), is no header name.
 */
function mayBeName(name: string): boolean {
  let count = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c === 0x22) continue;
    if (c >= 0x7f) return true;
    if (count === 0 && c >= 0x30 && c <= 0x39) return false;
    if (++count > 2 * MAX_NAME) return false;
  }
  return true;
}

function roleOf(name: string): Role | null {
  if (!mayBeName(name)) return null;
  if (name.length > 64) return ROLE_BY_NAME.get(unquote(name).trim().toLowerCase()) ?? null;
  let role = ROLE_CACHE.get(name);
  if (role === undefined) {
    role = ROLE_BY_NAME.get(unquote(name).trim().toLowerCase()) ?? null;
    if (ROLE_CACHE.size >= 1000) ROLE_CACHE.clear();
    ROLE_CACHE.set(name, role);
  }
  return role;
}

/** Column positions from a header row, or null when the row is not a header. */
function headerColumns(fields: readonly string[]): Map<Role, number> | null {
  // Four named columns are needed: a row with fewer fields that may be names is no header.
  let candidates = 0;
  for (let i = 0; i < fields.length && candidates < 4; i++) if (mayBeName(fields[i]!)) candidates++;
  if (candidates < 4) return null;
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
      out.push(unquote(line.slice(from)));
      break;
    }
    out.push(unquote(line.slice(from, at)));
    from = at + delimiter.length;
  }
  return out;
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
  // Two of three signs; the date (the costliest) is read only when it decides.
  const signs = (levelFromName(level) !== null ? 1 : 0) + (/^\d{1,5}$/.test((id ?? '').trim()) ? 1 : 0);
  if (signs !== 1) return signs === 2;
  return parseDateTime(date ?? '') !== null;
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
      // Column of each role and the number of named columns, from the last header (defaults without one).
      let at: Record<Role, number> = { level: 0, date: 1, source: 2, id: 3, task: 4 };
      let width = DEFAULT_ORDER.length;
      let seenData = false;
      const take = (rec: CsvRecord): void => {
        const header = headerColumns(rec.fields);
        if (header) {
          columns = header;
          const col = (role: Role): number => header.get(role) ?? DEFAULT_ORDER.indexOf(role);
          at = { level: col('level'), date: col('date'), source: col('source'), id: col('id'), task: col('task') };
          width = Math.max(...header.values()) + 1;
          return;
        }
        seenData = true;
        if (rec.fields.length < 4) {
          sink.bad(rec.line, `${rec.fields.length} fields where ${width + 1} were expected`);
          return;
        }
        const fields = rec.fields;
        const eventId = (fields[at.id] ?? '').trim();
        if (eventId !== '' && !/^\d+$/.test(eventId)) {
          sink.bad(rec.line, `event ID '${eventId.slice(0, 20)}' is not a number`);
          return;
        }
        // Commas inside an unquoted message split it into several trailing fields.
        let message = fields.length === width + 1 ? fields[width]! : fields.slice(width).join(delimiter);
        if (rec.extra.length > 0) message += `\n${rec.extra.join('\n')}`;
        sink.add({
          line: rec.line,
          levelName: fields[at.level] ?? '',
          localDate: fields[at.date] ?? '',
          provider: fields[at.source] ?? '',
          eventId,
          task: fields[at.task] ?? '',
          message,
        });
      };
      const report = (): void => {
        // Checked first: `splice` would make an array per line.
        if (splitter.problems.length > 0) for (const p of splitter.problems.splice(0)) sink.bad(p.line, p.message, p.code);
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
