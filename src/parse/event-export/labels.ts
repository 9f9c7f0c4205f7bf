/**
 * Field labels of the text exports (copied event details, `wevtutil /f:text`, KB articles),
 * English first, then the Event Viewer UI languages seen in forum posts.
 */

export type Field =
  | 'log'
  | 'source'
  | 'date'
  | 'time'
  | 'id'
  | 'task'
  | 'level'
  | 'opcode'
  | 'keywords'
  | 'user'
  | 'userName'
  | 'computer'
  | 'description'
  | 'xml'
  | 'type'
  | 'record';

const LABELS: Readonly<Record<Field, readonly string[]>> = {
  log: ['log name', 'protokollname', 'nom du journal', 'nombre de registro', 'nome registro', 'nome do log', 'ログの名前', '日志名称'],
  source: ['source', 'event source', 'quelle', 'origen', 'origine', 'fonte', 'ソース', '来源'],
  date: ['date', 'datum', 'fecha', 'data', '日付', '日期'],
  time: ['time', 'uhrzeit', 'heure', 'hora', 'ora'],
  id: [
    'event id', 'ereignis-id', "id de l'événement", 'id de l’événement', 'id. del evento', 'id evento', 'identificação do evento',
    'id do evento', 'イベント id', '事件 id',
  ],
  task: [
    'task category', 'task', 'event category', 'category', 'aufgabenkategorie', 'catégorie de la tâche', 'categoría de la tarea',
    'categoria attività', 'categoria da tarefa', 'タスクのカテゴリ', '任务类别',
  ],
  level: ['level', 'ebene', 'niveau', 'nivel', 'livello', 'nível', 'レベル', '级别'],
  type: ['event type', 'type'],
  opcode: ['opcode', 'op code', 'オペコード', '操作代码'],
  keywords: ['keywords', 'keyword', 'schlüsselwörter', 'mots-clés', 'palabras clave', 'parole chiave', 'palavras-chave', 'キーワード', '关键字'],
  user: ['user', 'benutzer', 'utilisateur', 'usuario', 'utente', 'usuário', 'ユーザー', '用户'],
  userName: ['user name'],
  computer: ['computer', 'ordinateur', 'equipo', 'computador', 'コンピューター', '计算机'],
  description: ['description', 'beschreibung', 'descripción', 'descrizione', 'descrição', '説明', '描述'],
  xml: ['event xml', 'ereignis-xml', "xml de l'événement", 'xml de l’événement', 'xml del evento', 'xml do evento', 'イベント xml', '事件 xml'],
  record: ['record number', 'event record id'],
};

const BY_LABEL = new Map<string, Field>();
for (const [field, names] of Object.entries(LABELS) as [Field, readonly string[]][]) {
  for (const n of names) BY_LABEL.set(n, field);
}

/**
 * `Label:  value` (French puts a space before the colon; values are padded to a column). The label
 * starts at the first non-blank character: with `\s` allowed there, a long blank run made the indent
 * and the label trade characters back and forth (quadratic on a line of spaces).
 */
export const LABEL_LINE = /^(\s*)([^:：\d\s][^:：]{0,38}?)\s*[:：](?:\s(.*)|)$/;

export interface LabelLine {
  readonly field: Field;
  readonly value: string;
  readonly indent: number;
}

/** The field a line labels, or null. */
export function labelLine(line: string): LabelLine | null {
  // Every line of a block export is tested: `LABEL_LINE` read by hand (see `labelParts`).
  const parts = labelParts(line);
  if (!parts) return null;
  const field = BY_LABEL.get(parts.label.trim().toLowerCase());
  if (!field) return null;
  return { field, value: parts.value.trim(), indent: parts.indent };
}

/** What `LABEL_LINE` matches, by its groups (indent length, label, value); exported for the test that compares the two. */
export function labelParts(line: string): { indent: number; label: string; value: string } | null {
  // The label and the blanks around it hold no colon: the colon matched is the first one.
  const a = line.indexOf(':');
  const b = line.indexOf('：');
  const colon = a < 0 ? b : b < 0 ? a : Math.min(a, b);
  if (colon < 0) return null;
  let start = 0;
  while (start < colon && isBlank(line.charCodeAt(start))) start++;
  if (start === colon) return null;
  const first = line.charCodeAt(start);
  if (first >= 0x30 && first <= 0x39) return null;
  let end = colon;
  while (end > start && isBlank(line.charCodeAt(end - 1))) end--;
  if (end - start > 39) return null;
  let value = '';
  if (colon + 1 < line.length) {
    if (!isBlank(line.charCodeAt(colon + 1))) return null;
    value = line.slice(colon + 2);
    // `.` stops at the line terminators a line can still hold.
    if (value.includes('\u2028') || value.includes('\u2029')) return null;
  }
  return { indent: start, label: line.slice(start, end), value };
}

/** `\s` of a regular expression (whitespace and line terminators), for one UTF-16 unit. */
function isBlank(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return BLANK.test(String.fromCharCode(c));
}

const BLANK = /\s/;
