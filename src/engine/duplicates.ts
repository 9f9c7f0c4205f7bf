/**
 * One System event can reach the engine twice: from the `[System]` section of a 2016+ cluster.log and
 * from a System export of the same node. Timelines and evidence show such an event once. Copies are
 * recognised by node, event id, provider, rendered message (or insertion strings) and a time within the
 * alignment tolerance, and only across files: a file never holds two copies of one event, so two equal
 * records of one file are two events. Each record pairs with at most one record of every other file,
 * which keeps events genuinely repeated within seconds apart.
 */
import type { ClusterEvent } from '../events/types.js';
import { MATCH_TOLERANCE_MS } from './align.js';
import { nodeKeyOf } from './names.js';

type EventRecord = ClusterEvent & { readonly type: 'eventlog.record' };

/** What must be equal for two records to be one event (null: never merged). */
function identity(e: EventRecord): string | null {
  const message = e.message.replace(/\s+/g, ' ').trim();
  const data = e.data !== null ? Object.values(e.data).join('\u0001') : '';
  if (message === '' && data === '') return null;
  return `${nodeKeyOf(e.node)}\u0000${e.eventId ?? ''}\u0000${message !== '' ? message : `data:${data}`}`;
}

/** A provider counts only when read from the record; the catalogue's guess for a `[System]` line may differ. */
function providersAgree(a: EventRecord, b: EventRecord): boolean {
  if (a.idFrom !== 'record' || b.idFrom !== 'record' || !a.provider || !b.provider) return true;
  return a.provider.toLowerCase() === b.provider.toLowerCase();
}

/**
 * How much the record itself tells: an export's own record (event id and provider as recorded, record
 * number, EventData, computer) beats the `[System]` line of a cluster log, whose id the catalogue guessed.
 */
function richness(e: EventRecord): number {
  return (
    (e.sourceKind === 'event-log' ? 1 : 0) +
    (e.idFrom === 'record' ? 1 : 0) +
    (e.recordId !== null ? 1 : 0) +
    (e.data !== null ? 1 : 0) +
    (e.computer !== null ? 1 : 0)
  );
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Stable order of copies: time, file, line. */
function compareCopies(a: EventRecord, b: EventRecord): number {
  return (a.utcMs ?? 0) - (b.utcMs ?? 0) || byCodeUnit(a.source.file, b.source.file) || a.source.line - b.source.line;
}

/**
 * The items without the extra copies of an event, in their original order. Of the copies of one event the
 * richest record stays (ties: the first by time, file, line), whatever order the items came in.
 */
export function withoutDuplicateEvents<T>(items: readonly T[], eventOf: (item: T) => ClusterEvent): T[] {
  const groups = new Map<string, EventRecord[]>();
  for (const item of items) {
    const e = eventOf(item);
    if (e.type !== 'eventlog.record' || e.utcMs === null) continue;
    const id = identity(e);
    if (id === null) continue;
    let list = groups.get(id);
    if (list === undefined) groups.set(id, (list = []));
    list.push(e);
  }
  const dropped = new Set<ClusterEvent>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const copies: EventRecord[][] = [];
    for (const e of [...list].sort(compareCopies)) {
      const same = copies.find(
        (c) =>
          Math.abs(c[0]!.utcMs! - e.utcMs!) <= MATCH_TOLERANCE_MS &&
          c.every((x) => x.source.file !== e.source.file && providersAgree(x, e)),
      );
      if (same !== undefined) same.push(e);
      else copies.push([e]);
    }
    for (const c of copies) {
      if (c.length < 2) continue;
      const keep = c.reduce((best, x) => (richness(x) > richness(best) ? x : best));
      for (const x of c) if (x !== keep) dropped.add(x);
    }
  }
  return dropped.size === 0 ? [...items] : items.filter((item) => !dropped.has(eventOf(item)));
}
