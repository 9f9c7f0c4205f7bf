/**
 * Ordering of records across inputs: (UTC time, node, file, line). Records with no known time keep their
 * file order relative to their neighbours: they take the last known time before them in their file
 * (or the first one after, at the top of a file). Files without any known time sort after the rest.
 * Also the node identity rules used when correlating records of different inputs.
 */
import type { ClusterEvent } from '../events/types.js';
import type { InputSummary } from '../shared/report.js';
import { nodeKeyOf } from './names.js';

export interface Rec {
  readonly e: ClusterEvent;
  /** UTC ms used for ordering and windows (own time or the neighbour's); null in files with no time. */
  readonly t: number | null;
  /** Position in the global order. */
  readonly seq: number;
  readonly nodeKey: string;
  readonly file: string;
  readonly line: number;
}

export function compareKeys(
  a: { t: number | null; nodeKey: string; file: string; line: number },
  b: { t: number | null; nodeKey: string; file: string; line: number },
): number {
  if (a.t !== b.t) {
    if (a.t === null) return 1;
    if (b.t === null) return -1;
    return a.t - b.t;
  }
  if (a.nodeKey !== b.nodeKey) return a.nodeKey < b.nodeKey ? -1 : 1;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

export function orderRecords(events: Iterable<ClusterEvent>): Rec[] {
  const byFile = new Map<string, ClusterEvent[]>();
  for (const e of events) {
    let list = byFile.get(e.source.file);
    if (list === undefined) byFile.set(e.source.file, (list = []));
    list.push(e);
  }
  const draft: Omit<Rec, 'seq'>[] = [];
  for (const [file, list] of byFile) {
    list.sort((a, b) => a.source.line - b.source.line);
    let carried = list.find((e) => e.utcMs !== null)?.utcMs ?? null;
    for (const e of list) {
      if (e.utcMs !== null) carried = e.utcMs;
      draft.push({ e, t: carried, nodeKey: nodeKeyOf(e.node), file, line: e.source.line });
    }
  }
  draft.sort(compareKeys);
  return draft.map((r, seq) => ({ ...r, seq }));
}

/** Where a record comes from, for node identity. */
export interface Origin {
  readonly nodeKey: string;
  readonly file: string;
}

/**
 * Node identity across inputs. An input whose node name is only a fallback (no header, no computer
 * field, no recognisable file name) may be any node, except that two cluster logs are always two
 * nodes: a cluster.log is written by one node (domain.md §1).
 */
export class NodeScope {
  private readonly uncertain: ReadonlySet<string>;
  private readonly clusterLogs: ReadonlySet<string>;

  constructor(inputs: readonly InputSummary[]) {
    this.uncertain = new Set(inputs.filter((i) => /fallback/i.test(i.nodeFrom) || i.path === '-').map((i) => i.path));
    this.clusterLogs = new Set(inputs.filter((i) => i.kind === 'cluster-log').map((i) => i.path));
  }

  compatible(a: Origin, b: Origin): boolean {
    if (a.nodeKey === b.nodeKey || a.file === b.file) return true;
    if (!this.uncertain.has(a.file) && !this.uncertain.has(b.file)) return false;
    return !(this.clusterLogs.has(a.file) && this.clusterLogs.has(b.file));
  }

  isCertain(file: string): boolean {
    return !this.uncertain.has(file);
  }

  /**
   * Node name of some records, from a record whose node is certain (a cluster log's own name first);
   * null when only fallbacks name it.
   */
  displayOf(recs: readonly Rec[]): string | null {
    const certain = recs.filter((x) => !this.uncertain.has(x.file));
    const r = certain.find((x) => this.clusterLogs.has(x.file)) ?? certain[0];
    return r === undefined ? null : r.e.node.replace(/\.+$/, '');
  }
}

/** First index whose time is ≥ `t`, in an array sorted by time with untimed items last. */
function lowerBound<T>(sorted: readonly T[], timeOf: (x: T) => number | null, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = timeOf(sorted[mid]!);
    if (v !== null && v < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Items with a time in [from, to], from an array sorted by time with untimed items last. */
export function between<T>(sorted: readonly T[], timeOf: (x: T) => number | null, from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = lowerBound(sorted, timeOf, from); i < sorted.length; i++) {
    const v = timeOf(sorted[i]!);
    if (v === null || v > to) break;
    out.push(sorted[i]!);
  }
  return out;
}

/** The untimed tail of an array sorted by time with untimed items last. */
export function untimedTail<T>(sorted: readonly T[], timeOf: (x: T) => number | null): T[] {
  let i = sorted.length;
  while (i > 0 && timeOf(sorted[i - 1]!) === null) i--;
  return sorted.slice(i);
}

export const recTime = (r: Rec): number | null => r.t;
export const eventTime = (e: ClusterEvent): number | null => e.utcMs;
