/**
 * One typed event as a JSON object: the line format of `wsfc-forensics events` and `timeline --format ndjson`.
 *
 * Fields, always present and in this order:
 *   type       event type: `rhs.call-timeout`, `rcm.state-transition`, `eventlog.record`, `generic`, ...
 *   utc        ISO-8601 UTC time, or null (no time, or a local-time source whose offset is unknown)
 *   time       the time text exactly as written in the record, or null
 *   node       node that wrote the record
 *   source     `cluster-log` or `event-log`
 *   level      `CRIT` `ERR` `WARN` `INFO` `DBG` `VERBOSE`, or null
 *   component  `RCM`, `RHS`, `RES`, ... or null
 *   channel    channel or 2016+ section (`System`, `Operational`), or null
 *   pid, tid   from the `PID.TID::` prefix, or null
 *   file, line the input path as given and the 1-based line (or record number)
 *   text       the message text (continuation lines after `\n`)
 * followed by the fields of the event's own type (`resource`, `entryPoint`, `eventId`, `params`, ...),
 * named as in `src/events/types.ts`.
 */
import type { ClusterEvent } from '../events/types.js';
import { stringify } from './canonical.js';

/** Base fields, rendered above under their output names; everything else is the type's own. */
const BASE_KEYS: ReadonlySet<string> = new Set([
  'type',
  'node',
  'source',
  'sourceKind',
  'wallMs',
  'utcMs',
  'timeText',
  'level',
  'pid',
  'tid',
  'component',
  'channel',
  'text',
]);

export function isoOrNull(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function eventRecord(event: ClusterEvent): Record<string, unknown> {
  const record: Record<string, unknown> = {
    type: event.type,
    utc: isoOrNull(event.utcMs),
    time: event.timeText,
    node: event.node,
    source: event.sourceKind,
    level: event.level,
    component: event.component,
    channel: event.channel,
    pid: event.pid,
    tid: event.tid,
    file: event.source.file,
    line: event.source.line,
    text: event.text,
  };
  for (const [key, value] of Object.entries(event)) {
    if (!BASE_KEYS.has(key)) record[key] = value;
  }
  return record;
}

/** One NDJSON line, newline included. */
export function eventLine(event: ClusterEvent): string {
  return `${stringify(eventRecord(event))}\n`;
}
