/**
 * An incident's timeline: its own records from every source, and the significant records of its resource,
 * group and RHS process and of its node(s) from shortly before the call started to the follow-up after
 * detection, across nodes (a failover continues the story elsewhere). Ordered (time, node, file, line).
 */
import type { ClusterEvent } from '../events/types.js';
import type { TimelineEntry } from '../shared/report.js';
import { onIncidentNode, type BuildContext, type IncidentFacts } from './context.js';
import { withoutDuplicateEvents } from './duplicates.js';
import { eventName, groupOf, isoOf, isRhsSide, nameKey, nodeKeyOf, resourceOf, textOf } from './names.js';
import { between, compareKeys, recTime, untimedTail, type Rec } from './order.js';

/** Margin before the start of the failing call. */
const MARGIN_MS = 30_000;
/** Without times, records of one file this many lines from one of the incident's own records belong to it. */
const LINE_WINDOW = 60;

/** Node-level records: membership, quorum, service and RHS process life. */
const NODE_LEVEL = /^(?:node\.|net\.|quorum\.|clussvc\.|rhs\.cluster-service-terminated|rhs\.wer-report|rhs\.dll-load-failed|rcm\.rhs-create-failed)/;

export interface TimelineScope {
  readonly from: number | null;
  readonly to: number | null;
  /** Resource keys whose records belong (culprit, collateral). */
  readonly resources: ReadonlySet<string>;
  /** Extra records to show even when not significant (the stuck thread's last line, the outcome). */
  readonly extra: readonly ClusterEvent[];
}

function belongs(r: Rec, f: IncidentFacts, scope: TimelineScope, ctx: BuildContext): boolean {
  const e = r.e;
  const res = resourceOf(e);
  if (res !== null && scope.resources.has(nameKey(res))) return true;
  const grp = groupOf(e);
  if (grp !== null && f.group !== null && nameKey(grp) === nameKey(f.group)) return true;
  if (e.type === 'rcm.resource-control-error' && e.errorCode === 5910) return onIncidentNode(f, ctx.scope, r);
  if (!onIncidentNode(f, ctx.scope, r)) {
    // Membership incidents are cluster-wide: every node's view of the change belongs.
    return (f.kind === 'node-down' || f.kind === 'quorum-loss') && NODE_LEVEL.test(e.type);
  }
  if (f.rhsPid !== null && isRhsSide(e) && e.pid === f.rhsPid) return true;
  if (NODE_LEVEL.test(e.type)) return true;
  return e.type === 'eventlog.record' && res === null && grp === null;
}

export function timelineOf(f: IncidentFacts, scope: TimelineScope, ctx: BuildContext): TimelineEntry[] {
  const members = new Set(f.members);
  const picked = new Map<ClusterEvent, Rec | null>();
  const ownByFile = new Map<string, number[]>();
  for (const r of f.own) ownByFile.set(r.file, [...(ownByFile.get(r.file) ?? []), r.line]);
  for (const r of f.members) picked.set(r.e, r);
  const timed = scope.from !== null && scope.to !== null ? between(ctx.recs, recTime, scope.from, scope.to) : [];
  // Without times, nearness in the incident's own files stands in for nearness in time.
  const untimed = untimedTail(ctx.recs, recTime).filter((r) => (ownByFile.get(r.file) ?? []).some((line) => Math.abs(line - r.line) <= LINE_WINDOW));
  for (const r of [...timed, ...untimed]) if (!members.has(r) && belongs(r, f, scope, ctx)) picked.set(r.e, r);
  for (const e of scope.extra) if (!picked.has(e)) picked.set(e, null);

  // A System event read from both a cluster log's [System] section and an export is shown once.
  const keyed = withoutDuplicateEvents([...picked], ([e]) => e).map(([e, r]) => ({
    e,
    t: r?.t ?? e.utcMs,
    nodeKey: r?.nodeKey ?? nodeKeyOf(e.node),
    file: e.source.file,
    line: e.source.line,
  }));
  keyed.sort(compareKeys);
  return keyed.map(({ e }) => ({
    at: isoOf(e.utcMs),
    node: e.node,
    event: eventName(e),
    text: textOf(e),
    resource: resourceOf(e),
    source: { file: e.source.file, line: e.source.line },
  }));
}

/** The window of the timeline: from before the call started to the follow-up after detection. */
export function timelineWindow(startT: number | null, detectT: number | null, followMs: number, ends: readonly (number | null)[]): { from: number | null; to: number | null } {
  if (detectT === null) return { from: null, to: null };
  const from = (startT ?? detectT) - MARGIN_MS;
  const to = Math.max(detectT + followMs, ...ends.filter((t): t is number => t !== null));
  return { from, to };
}
