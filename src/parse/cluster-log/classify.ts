/** Turns a complete record (prefix fields + text) into a typed event using the message table. */
import type { ClusterEvent, EventBase, Level } from '../../events/types.js';
import { newParsedLine, parseLine } from './grammar.js';
import { ROWS_BY_COMPONENT, type ComponentRows, type EventFields, type MessageRow } from './messages.js';

/** Completes a fresh base object into an event in place (see MessageRow.build on why not spread). */
export function assemble(base: EventBase, fields: EventFields): ClusterEvent {
  return Object.assign(base, fields) as ClusterEvent;
}

/** A copy of the base fields, in the order every event serialises them. */
export function copyBase(base: Omit<EventBase, 'text'>, text: string): EventBase {
  return {
    node: base.node,
    source: base.source,
    sourceKind: base.sourceKind,
    wallMs: base.wallMs,
    utcMs: base.utcMs,
    timeText: base.timeText,
    level: base.level,
    pid: base.pid,
    tid: base.tid,
    component: base.component,
    channel: base.channel,
    text,
  };
}

export interface Classified {
  readonly event: ClusterEvent;
  /** Name of the message row that matched, or null for `generic`. */
  readonly row: string | null;
}

/**
 * Classifies `base`, which becomes the event (pass a fresh object). Only the rows registered for
 * the record's component run, so a line costs a handful of needle checks, not the whole table.
 * `func` is the function name some lines put before the tag (`rcm::RcmMonitor::RestartResources[RCM]`);
 * rows are written for the `[RCM] rcm::X::Y: text` shape, so it goes back in front of the text for matching.
 */
export function classifyDetailed(base: EventBase, func: string | null = null): Classified {
  const table = rowsOf(base.component);
  if (table !== undefined) {
    const probe = func === null ? base.text : `${func}: ${base.text}`;
    let hit = table.gate(probe) ? match(table.rows, probe, base) : null;
    // Legacy logs wrap long messages onto unprefixed lines (domain.md §1): retry with the wrap undone.
    if (hit === null && probe.includes('\n')) hit = match(table.rows, unwrap(probe), base);
    if (hit !== null) return hit;
  }
  // The reader's bases are born `generic` already; others get the type added.
  return { event: 'type' in base ? (base as ClusterEvent) : assemble(base, { type: 'generic' }), row: null };
}

/** Runs of records share a component (the reader hands out one string per tag): the last look-up is kept. */
let lastComponent: string | null = null;
let lastRows: ComponentRows | undefined = ROWS_BY_COMPONENT.get(null);

function rowsOf(component: string | null): ComponentRows | undefined {
  if (component === lastComponent) return lastRows;
  let table = ROWS_BY_COMPONENT.get(component);
  if (table === undefined && component !== null) table = ROWS_BY_COMPONENT.get(component.toUpperCase());
  lastComponent = component;
  lastRows = table;
  return table;
}

/**
 * The text with its line breaks undone: each break and the blanks around it become one space. Split
 * and trim rather than a regex replace, which backtracks quadratically on long runs of blanks.
 */
export function unwrap(text: string): string {
  const parts = text.split('\n');
  const last = parts.length - 1;
  const kept: string[] = [];
  for (let i = 0; i <= last; i++) {
    let p = parts[i] ?? '';
    if (i > 0) p = p.trimStart();
    if (i < last) p = p.trimEnd();
    // Blank lines between two others collapse into the one space.
    if (p !== '' || i === 0 || i === last) kept.push(p);
  }
  return kept.join(' ');
}

function match(rows: readonly MessageRow[], probe: string, base: EventBase): Classified | null {
  for (const row of rows) {
    if (!probe.includes(row.needle)) continue;
    if (row.complete !== undefined) {
      const event = row.complete(probe, base);
      if (event !== null) return { event, row: row.name };
      continue;
    }
    const m = row.pattern.exec(probe);
    if (m === null) continue;
    const fields = row.build(m, base);
    if (fields !== null) return { event: assemble(base, fields), row: row.name };
  }
  return null;
}

/** Classifies a message (the text after the prefix); `base.component` selects the rows. Unknown → `generic`. */
export function classifyText(base: Omit<EventBase, 'text'>, text: string): ClusterEvent {
  return classifyDetailed(copyBase(base, text)).event;
}

const probeLine = newParsedLine();

/**
 * Classifies cluster-log text carried inside an event-log record (events 2049–2051, domain.md §7):
 * `[RES] SQL Server <X>: [sqsrvres] Failure detected...`, optionally preceded by `LEVEL`.
 * The payload's level wins over `base.level` when it has one.
 */
export function classifyPayload(
  base: Omit<EventBase, 'text' | 'component' | 'level'> & { level?: Level | null },
  payload: string,
): ClusterEvent {
  let level: Level | null = base.level ?? null;
  let component: string | null = null;
  let text = payload;
  let func: string | null = null;
  const trimmed = payload.replace(/^\s+/, '');
  if (trimmed.startsWith('[')) {
    const close = trimmed.indexOf(']');
    if (close > 1 && close < 80 && !trimmed.slice(1, close).includes('[')) {
      component = trimmed.slice(1, close);
      text = trimmed.slice(close + 1).replace(/^\s+/, '');
    }
  } else if (parseLine(trimmed, probeLine) && (probeLine.level !== null || probeLine.component !== null)) {
    level = probeLine.level ?? level;
    component = probeLine.component;
    func = probeLine.func;
    text = probeLine.text;
  }
  return classifyDetailed(copyBase({ ...base, level, component }, text), func).event;
}
