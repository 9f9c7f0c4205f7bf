/**
 * PowerShell event objects, whatever the output shape (Format-List, Format-Table, Export-Csv,
 * ConvertTo-Json): `Get-WinEvent` yields EventLogRecord (`TimeCreated`, `ProviderName`, `Id`,
 * `LevelDisplayName`, `TaskDisplayName`, `MachineName`, `Properties`...), the old `Get-EventLog`
 * yields EventLogEntry (`TimeGenerated`, `Source`, `EventID`/`InstanceId`, `EntryType`, `Category`,
 * `ReplacementStrings`...). Properties are matched by name, in any order and any subset.
 */
import { entryTypeName } from '../../events/catalogue.js';
import { parseMsJsonDate } from './dates.js';
import type { RawRecord } from './sink.js';

export type PsField =
  | 'time'
  | 'timeWritten'
  | 'provider'
  | 'id'
  | 'instanceId'
  | 'levelName'
  | 'level'
  | 'entryType'
  | 'message'
  | 'machine'
  | 'task'
  | 'log'
  | 'recordId'
  | 'properties'
  | 'replacementStrings'
  | 'pid'
  | 'tid';

const NAMES: Readonly<Record<string, PsField>> = {
  timecreated: 'time',
  timegenerated: 'time',
  time: 'time',
  timewritten: 'timeWritten',
  providername: 'provider',
  source: 'provider',
  id: 'id',
  eventid: 'id',
  instanceid: 'instanceId',
  leveldisplayname: 'levelName',
  level: 'level',
  entrytype: 'entryType',
  message: 'message',
  machinename: 'machine',
  computer: 'machine',
  taskdisplayname: 'task',
  category: 'task',
  logname: 'log',
  recordid: 'recordId',
  index: 'recordId',
  properties: 'properties',
  replacementstrings: 'replacementStrings',
  processid: 'pid',
  threadid: 'tid',
};

/** The field a property name stands for, or null. */
export function psField(name: string): PsField | null {
  // Every object of a JSON export and every column header repeats the same few dozen names.
  if (name.length > 64) return NAMES[name.trim().toLowerCase()] ?? null;
  let field = FIELD_CACHE.get(name);
  if (field === undefined) {
    field = NAMES[name.trim().toLowerCase()] ?? null;
    if (FIELD_CACHE.size >= 1000) FIELD_CACHE.clear();
    FIELD_CACHE.set(name, field);
  }
  return field;
}

const FIELD_CACHE = new Map<string, PsField | null>();

/** Property names that only PowerShell event objects have (for sniffing). */
export const DISTINCTIVE = new Set([
  'timecreated',
  'providername',
  'leveldisplayname',
  'taskdisplayname',
  'machinename',
  'timegenerated',
  'entrytype',
  'instanceid',
  'replacementstrings',
  'recordid',
  'logname',
]);

type Value = unknown;

function text(v: Value): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** Insertion strings: JSON arrays of `{Value: ...}` or strings, or the `{a, b, c}` text of list/table output. */
function insertionStrings(v: Value): string[] | null {
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      if (item && typeof item === 'object' && 'Value' in item) out.push(String((item as { Value: unknown }).Value ?? ''));
      else if (typeof item === 'string' || typeof item === 'number') out.push(String(item));
      else return null;
    }
    return out;
  }
  const t = text(v);
  if (t === null) return null;
  const m = /^\{(.*)\}$/s.exec(t.trim());
  // `{a, b...}` was cut by the formatter: the list is incomplete.
  if (!m || /\.\.\.\}$|…\}$/.test(t.trim()) || m[1] === undefined) return null;
  if (/EventProperty|System\.String\[\]/.test(m[1])) return null;
  return m[1] === '' ? [] : m[1].split(', ');
}

export interface PsTime {
  readonly localDate?: string | null;
  readonly utcMs?: number | null;
  readonly utcText?: string | null;
}

/** A `TimeCreated` value: `/Date(ms)/` (UTC), an ISO string with offset (exact), or a local locale string. */
export function psTime(v: Value): PsTime {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    // Windows PowerShell 5.1 sometimes wraps dates: {"value": "/Date(...)/", "DateTime": "Wednesday, ..."}.
    const o = v as Record<string, unknown>;
    return psTime(o.value ?? o.Value ?? o.DateTime ?? null);
  }
  const t = text(v)?.trim() ?? '';
  if (t === '') return {};
  const ms = parseMsJsonDate(t);
  if (ms !== null) return { utcMs: ms, utcText: t };
  // Locale text, or PowerShell 7's ISO form whose offset the sink turns into an exact UTC time.
  return { localDate: t };
}

/** Builds a raw record from property values looked up by field. */
export function psRecord(line: number, get: (f: PsField) => Value): RawRecord {
  const time = psTime(get('time') ?? get('timeWritten'));
  const levelName = text(get('levelName'));
  const level = text(get('level'));
  const entry = get('entryType');
  const entryText = typeof entry === 'number' ? entryTypeName(entry) : text(entry);
  const strings = insertionStrings(get('properties')) ?? insertionStrings(get('replacementStrings'));
  const data: Record<string, string> = {};
  strings?.forEach((s, i) => {
    data[String(i + 1)] = s;
  });
  const pid = Number(text(get('pid')) ?? NaN);
  const tid = Number(text(get('tid')) ?? NaN);
  return {
    line,
    ...time,
    levelName: levelName ?? entryText ?? level,
    provider: text(get('provider')),
    eventId: text(get('id')) ?? text(get('instanceId')),
    computer: text(get('machine')),
    channel: text(get('log')),
    recordId: text(get('recordId')),
    task: text(get('task')),
    message: text(get('message')) ?? '',
    data: strings ? data : null,
    pid: Number.isFinite(pid) ? pid : null,
    tid: Number.isFinite(tid) ? tid : null,
  };
}
