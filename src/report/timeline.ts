/**
 * The merged timeline view: one line per significant event,
 * `UTC time  node  source(file:line)  event  resource  short text`, sanitised and cut to the width.
 * Used by `wsfc-forensics timeline` and, with times relative to detection, by each incident card.
 */
import type { ClusterEvent } from '../events/types.js';
import type { TimelineEntry } from '../shared/report.js';
import { formatRelative, formatUtc, toMs } from './format.js';
import { isUnbounded, padEnd, truncate, truncateAnsi, truncateMiddle, visibleWidth } from './layout.js';
import { sanitize } from './sanitize.js';
import type { ReporterOptions } from './types.js';

export interface TimelineRow {
  /** ISO UTC, or null when unknown. */
  readonly at: string | null;
  readonly node: string;
  readonly file: string;
  readonly line: number;
  /** `rhs.call-timeout`, `eventlog.1230`, ... */
  readonly event: string;
  readonly resource: string | null;
  readonly text: string;
}

export function rowFromEntry(entry: TimelineEntry): TimelineRow {
  return {
    at: entry.at,
    node: entry.node,
    file: entry.source.file,
    line: entry.source.line,
    event: entry.event,
    resource: entry.resource,
    text: entry.text,
  };
}

/** Event-log records are named by their id (`eventlog.1230`); other events by their type. */
export function eventName(event: ClusterEvent): string {
  if (event.type === 'eventlog.record' && event.eventId !== null) return `eventlog.${event.eventId}`;
  return event.type;
}

/** The resource (or group) an event is about, if any. */
export function eventResource(event: ClusterEvent): string | null {
  if ('resource' in event && typeof event.resource === 'string') return event.resource;
  if ('group' in event && typeof event.group === 'string') return event.group;
  if (event.type === 'eventlog.record') return event.params['resource'] ?? event.params['group'] ?? null;
  return null;
}

export function rowFromEvent(event: ClusterEvent): TimelineRow {
  const text = event.type === 'eventlog.record' && event.message !== '' ? event.message : event.text;
  return {
    at: event.utcMs === null ? null : new Date(event.utcMs).toISOString(),
    node: event.node,
    file: event.source.file,
    line: event.source.line,
    event: eventName(event),
    resource: eventResource(event),
    text,
  };
}

/** `--kind rhs,rcm.state-transition,eventlog`: prefixes that match on dot boundaries. */
export function matchesKind(event: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => event === p || event.startsWith(`${p}.`));
}

export interface TimelineOptions extends ReporterOptions {
  /** ISO time of T0: adds a relative column (`T-5m00s`) and shortens the times of T0's day to the time of day. */
  readonly anchor?: string | null;
  /** `YYYY-MM-DD`: rows on this UTC day show the time of day only (the caller names the day). */
  readonly day?: string | null;
  /** Always one line per row, cutting the text (the merged timeline); otherwise text may move to a second line. */
  readonly oneLine?: boolean;
  /** Display names for source files (`shortNames()`); the path as given otherwise. */
  readonly names?: ReadonlyMap<string, string>;
  /** Spaces before every line. */
  readonly indent?: number;
  /**
   * Card mode: the incident's own resource is not repeated, and any other resource is put in front of
   * the text (`‹SQLAG01› move of group…`) instead of in a mostly blank column.
   */
  readonly ownResource?: string | null;
}

/** Widest each column may get when fitting a width; node names are ≤ 15 characters (NetBIOS) anyway. */
const CAPS = { node: 15, source: 32, event: 28, resource: 28 } as const;
/** What columns shrink to, in this order, to leave the text at least `TEXT_MIN` columns on the same line. */
const SHRINK = [
  ['resource', 12],
  ['source', 14],
  ['event', 22],
  ['node', 8],
] as const;
/** Narrower than this, the text goes on a line of its own. */
const TEXT_MIN = 40;

/**
 * `file:line` cut to `width`: the line number stays whole and the file name loses its middle, so that
 * `sto16n1…cluster.log:578` still tells the node and the kind of file apart.
 */
function cutSource(source: string, width: number): string {
  if (visibleWidth(source) <= width) return source;
  const colon = source.lastIndexOf(':');
  const suffix = colon > 0 ? source.slice(colon) : '';
  const room = width - visibleWidth(suffix);
  if (room < 5) return `…${[...source].slice(-(width - 1)).join('')}`;
  return `${truncateMiddle(source.slice(0, source.length - suffix.length), room, 0.4)}${suffix}`;
}

/** One line per row, or two (source and text below) when the width leaves no room for the text and `oneLine` is not set. */
export function renderTimeline(rows: readonly TimelineRow[], options: TimelineOptions): string[] {
  const { chalk } = options;
  const bounded = !isUnbounded(options.width);
  const anchorMs = toMs(options.anchor ?? null);
  const anchorDay = options.day ?? (options.anchor != null ? formatUtc(options.anchor).slice(0, 10) : null);
  const card = options.ownResource !== undefined;

  const cells = rows.map((row) => {
    const ms = toMs(row.at);
    const full = formatUtc(row.at);
    const sameDay = anchorDay !== null && full.slice(0, 10) === anchorDay;
    const resource = row.resource === null ? '' : sanitize(row.resource);
    const text = sanitize(row.text);
    const foreign = resource !== '' && row.resource !== options.ownResource && !row.text.includes(row.resource ?? '');
    return {
      rel: anchorMs === null ? '' : ms === null ? '?' : formatRelative(ms - anchorMs),
      time: row.at === null ? '(no time)' : sameDay ? formatUtc(row.at, 'time') : full,
      node: sanitize(row.node),
      source: `${sanitize(options.names?.get(row.file) ?? row.file)}:${row.line}`,
      event: sanitize(row.event),
      resource: card ? '' : resource,
      text: card && foreign ? `‹${resource}› ${text}` : text,
      /** The text with the resource folded in, for when the resource column does not fit. */
      folded: foreign ? `‹${resource}› ${text}` : text,
    };
  });
  const widest = (pick: (c: (typeof cells)[number]) => string): number => Math.max(0, ...cells.map((c) => visibleWidth(pick(c))));
  const cap = (n: number, limit: number): number => (bounded ? Math.min(n, limit) : n);
  const w = {
    rel: widest((c) => c.rel),
    time: widest((c) => c.time),
    node: cap(widest((c) => c.node), CAPS.node),
    source: cap(widest((c) => c.source), CAPS.source),
    event: cap(widest((c) => c.event), CAPS.event),
    resource: cap(widest((c) => c.resource), CAPS.resource),
  };
  const indent = ' '.repeat(options.indent ?? 0);
  const used = (widths: typeof w): number =>
    indent.length + Object.values(widths).filter((n) => n > 0).reduce((sum, n) => sum + n + 2, 0);
  let twoLines = false;
  let fold = false;
  const shrink = (widths: typeof w): typeof w => {
    const shrunk = { ...widths };
    for (const [column, min] of SHRINK) {
      const deficit = TEXT_MIN - (options.width - used(shrunk));
      if (deficit > 0) shrunk[column] = Math.min(shrunk[column], Math.max(min, shrunk[column] - deficit));
    }
    return shrunk;
  };
  if (bounded && options.width - used(w) < TEXT_MIN) {
    // Shrink only when that buys one line per event; otherwise the source and text go on a second line.
    let shrunk = shrink(w);
    if (options.width - used(shrunk) < TEXT_MIN && options.oneLine === true && w.resource > 0) {
      // A resource cut to a dozen columns (`Cluster Dis…`) says little and costs the text its room:
      // put it in front of the text instead, where the text does not already name it.
      fold = true;
      shrunk = shrink({ ...w, resource: 0 });
    }
    if (options.width - used(shrunk) >= TEXT_MIN || options.oneLine === true) Object.assign(w, shrunk);
    else twoLines = true;
  }
  const room = bounded ? options.width - used(w) : Number.POSITIVE_INFINITY;

  return cells.flatMap((cell) => {
    const c = fold ? { ...cell, text: cell.folded } : cell;
    const columns: string[] = [];
    if (anchorMs !== null) columns.push(padEnd(c.rel === 'T0' ? chalk.bold(c.rel) : chalk.dim(c.rel), w.rel));
    columns.push(padEnd(chalk.dim(c.time), w.time));
    columns.push(padEnd(truncate(c.node, w.node), w.node));
    if (!twoLines) columns.push(padEnd(chalk.dim(cutSource(c.source, w.source)), w.source));
    columns.push(padEnd(chalk.yellow(truncate(c.event, w.event)), w.event));
    if (w.resource > 0) columns.push(padEnd(chalk.cyan(truncateMiddle(c.resource, w.resource)), w.resource));
    // Below about 60 columns even the first line is cut.
    const head = truncateAnsi((indent + columns.join('  ')).trimEnd(), options.width);
    if (twoLines) {
      const pad = `${indent}  `;
      const sourceWidth = Math.min(w.source, Math.max(12, Math.floor((options.width - pad.length) / 3)));
      const source = padEnd(chalk.dim(cutSource(c.source, sourceWidth)), sourceWidth);
      const text = c.text === '' ? '' : `  ${truncate(c.text, Math.max(1, options.width - pad.length - sourceWidth - 2))}`;
      return [head, `${pad}${source}${text}`.trimEnd()];
    }
    if (c.text === '' || room < 2) return [head];
    return [`${padEnd(head, used(w) - 2)}  ${truncate(c.text, room)}`];
  });
}
