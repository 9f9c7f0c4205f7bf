/**
 * One decoded record → one `eventlog.record` event. Provider, event id and level are read first so
 * that filtered records cost no more than a few substitution reads.
 */
import { renderMessage } from '../../events/catalogue.js';
import type { EventLogRecordEvent, Level } from '../../events/types.js';
import { normaliseNode } from '../../shared/node-name.js';
import { catalogueEntriesFor, catalogueParams } from './catalogue-params.js';
import type { ChunkContext } from './chunk-context.js';
import { partsInt, partsText, partsTimeMs, subType } from './evaluate.js';
import { collectData, type DataItem } from './event-data.js';
import { Sub, type Instance } from './nodes.js';
import { VT_FILETIME, filetimeMs, filetimeText } from './values.js';

/**
 * Decides from a record's System values alone whether it is decoded further: Provider@Name,
 * Provider@EventSourceName, EventID and the numeric Level (null when absent or empty).
 */
export type RecordSelector = (provider: string | null, eventSource: string | null, eventId: number | null, level: number | null) => boolean;

export interface RecordFilter {
  /** Provider names in lower case (Windows compares them case-insensitively). */
  readonly providers: ReadonlySet<string> | null;
  readonly eventIds: ReadonlySet<number> | null;
  readonly select: RecordSelector | null;
}

export interface EventEnv {
  readonly file: string;
  /** Node of records without a Computer: the input's node (file name, `--node`). */
  readonly fallbackNode: string;
  readonly filter: RecordFilter;
}

/** The record header: its id, and its written time (FILETIME at `writtenOffset` in the chunk). */
export interface RecordMeta {
  readonly recordId: number;
  readonly writtenOffset: number;
}

export type BuildOutcome =
  | { readonly kind: 'event'; readonly event: EventLogRecordEvent; readonly dataBroken: boolean }
  | { readonly kind: 'skipped' };

const SKIPPED: BuildOutcome = { kind: 'skipped' };

/** Numeric level → normalised level and the name Event Viewer shows (libevtx "Level"; 0 = LogAlways). */
const LEVELS: readonly (readonly [Level, string])[] = [
  ['INFO', 'Information'],
  ['CRIT', 'Critical'],
  ['ERR', 'Error'],
  ['WARN', 'Warning'],
  ['INFO', 'Information'],
  ['VERBOSE', 'Verbose'],
];

/** EventData names of cluster events (domain.md §7, where most are marked unverified) → the catalogue's parameter names. */
const PARAM_NAMES: Readonly<Record<string, string>> = {
  ResourceName: 'resource',
  Resource: 'resource',
  ResourceType: 'resourceType',
  ResTypeName: 'resourceType',
  ResourceTypeName: 'resourceType',
  TypeName: 'resourceType',
  ResourceDll: 'dll',
  DllName: 'dll',
  GroupName: 'group',
  ResourceGroup: 'group',
  Group: 'group',
  NodeName: 'node',
  Node: 'node',
  ErrorCode: 'errorCode',
  Error: 'errorCode',
  ControlCode: 'controlCode',
  VolumeName: 'volume',
  Volume: 'volume',
  Status: 'status',
  NetworkName: 'network',
  InterfaceName: 'interface',
};

function levelOf(n: number | null): [Level | null, string | null] {
  if (n === null) return [null, null];
  const known = LEVELS[n];
  if (known !== undefined) return [known[0], known[1]];
  // 6–15 are reserved, 16+ provider-defined; ETW orders levels by verbosity.
  return ['VERBOSE', `Level ${n}`];
}

/**
 * Data by name (position for unnamed `<Data>`), the insertion strings in order, parameters from the
 * known EventData names, and a `Name: value` summary used as the text of records the catalogue
 * cannot render.
 */
function dataMap(items: readonly DataItem[]): {
  data: Record<string, string>;
  inserts: string[];
  named: Record<string, string>;
  summary: string;
} {
  const data: Record<string, string> = {};
  const named: Record<string, string> = {};
  const inserts: string[] = [];
  let summary = '';
  for (const item of items) {
    let key: string;
    if (item.insertion) {
      inserts.push(item.value);
      key = item.name ?? String(inserts.length);
    } else key = item.name ?? 'Binary';
    if (key in data) {
      let n = 2;
      while (`${key}_${n}` in data) n++;
      key = `${key}_${n}`;
    }
    data[key] = item.value;
    if (item.value === '') continue;
    summary += summary === '' ? `${key}: ${item.value}` : `; ${key}: ${item.value}`;
    const param = item.name !== null ? PARAM_NAMES[item.name] : undefined;
    if (param !== undefined && !(param in named)) named[param] = item.value;
  }
  return { data, inserts, named, summary };
}

/** Catalogue parameters (by position) first, then known EventData names the catalogue did not name. */
function paramsOf(named: Record<string, string>, fromCatalogue: Record<string, string> | null): Record<string, string> {
  if (fromCatalogue === null) return named;
  for (const [k, v] of Object.entries(named)) if (!(k in fromCatalogue)) fromCatalogue[k] = v;
  return fromCatalogue;
}

/** Same node naming as the other event readers (the Computer's short name, upper case), memoised per name. */
const nodes = new Map<string, string>();

function nodeOf(computer: string): string {
  let node = nodes.get(computer);
  if (node === undefined) {
    node = normaliseNode(computer);
    if (nodes.size < 10_000) nodes.set(computer, node);
  }
  return node;
}

function nonEmpty(s: string | null): string | null {
  return s === null || s === '' ? null : s;
}

/** Filter decisions per provider name as written (names repeat; lower-casing each one does not pay). */
const decisions = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();

function matchesName(filter: ReadonlySet<string>, name: string): boolean {
  let known = decisions.get(filter);
  if (known === undefined) {
    known = new Map();
    decisions.set(filter, known);
  }
  let keep = known.get(name);
  if (keep === undefined) {
    keep = filter.has(name.toLowerCase());
    if (known.size < 10_000) known.set(name, keep);
  }
  return keep;
}

function matchesProvider(filter: ReadonlySet<string>, name: string | null, source: string | null): boolean {
  return (name !== null && matchesName(filter, name)) || (source !== null && matchesName(filter, source));
}

export function buildEvent(inst: Instance, cx: ChunkContext, meta: RecordMeta, env: EventEnv): BuildOutcome {
  const plan = inst.template.plan;
  const { providers, eventIds, select } = env.filter;
  const providerName = partsText(plan.provider, inst, cx);
  const sourceName = partsText(plan.eventSourceName, inst, cx);
  if (providers !== null && !matchesProvider(providers, providerName, sourceName)) return SKIPPED;
  const eventId = partsInt(plan.eventId, inst, cx);
  if (eventIds !== null && (eventId === null || !eventIds.has(eventId))) return SKIPPED;
  const levelNo = partsInt(plan.level, inst, cx);
  if (select !== null && !select(nonEmpty(providerName), nonEmpty(sourceName), eventId, levelNo)) return SKIPPED;

  const provider = nonEmpty(providerName) ?? nonEmpty(sourceName);
  const [level, levelName] = levelOf(levelNo);
  const taskNo = partsInt(plan.task, inst, cx);
  const computer = nonEmpty(partsText(plan.computer, inst, cx));
  const channel = nonEmpty(partsText(plan.channel, inst, cx));
  const pid = partsInt(plan.processId, inst, cx);
  const tid = partsInt(plan.threadId, inst, cx);

  // TimeCreated@SystemTime is UTC (FILETIME); the record header time is the fallback.
  let ms = partsTimeMs(plan.timeCreated, inst, cx);
  let timeText: string | null = null;
  const t = plan.timeCreated?.length === 1 ? plan.timeCreated[0] : undefined;
  if (ms !== null && t instanceof Sub && subType(inst, t.index) === VT_FILETIME) {
    timeText = filetimeText(inst.buf, inst.values[t.index * 3]!);
  } else if (ms !== null) timeText = partsText(plan.timeCreated, inst, cx);
  else {
    ms = filetimeMs(cx.buf, meta.writtenOffset);
    timeText = filetimeText(cx.buf, meta.writtenOffset);
  }

  const found = collectData(plan, inst, cx);
  const { data, inserts, named, summary } = dataMap(found.items);
  const entries = eventId !== null ? catalogueEntriesFor(eventId, provider) : [];
  const rendered = eventId !== null && entries.length > 0 ? renderMessage(eventId, provider, inserts) : null;
  const catalogued = catalogueParams(entries, inserts);
  const message = rendered ?? found.renderedMessage ?? '';
  const node = computer !== null ? nodeOf(computer) : env.fallbackNode;

  const event: EventLogRecordEvent = {
    type: 'eventlog.record',
    node,
    source: { file: env.file, line: meta.recordId },
    sourceKind: 'event-log',
    wallMs: ms,
    utcMs: ms,
    timeText,
    level,
    pid,
    tid,
    component: null,
    channel,
    text: message !== '' ? message : summary,
    eventId,
    idFrom: eventId !== null ? 'record' : null,
    provider,
    levelName,
    computer,
    recordId: meta.recordId,
    task: taskNo !== null && taskNo !== 0 ? String(taskNo) : null,
    message,
    template: catalogued?.key ?? null,
    params: paramsOf(named, catalogued?.params ?? null),
    data: found.items.length > 0 ? data : null,
  };
  return { kind: 'event', event, dataBroken: found.broken };
}
