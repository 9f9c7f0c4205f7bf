/**
 * Which RHS process hosted which resource over time, per file: RES lines and `[RHS]` lines carry the PID
 * of the rhs.exe that wrote them (domain.md §2), and RCM says when a resource moves to a separate monitor.
 * Kept as spans (one per change of PID), so the memory grows with PID changes, not with lines.
 */
import type { ClusterEvent } from '../events/types.js';
import { isRhsSide, nameKey, resourceOf } from './names.js';

export interface HostingSpan {
  readonly pid: number;
  readonly resource: string;
  readonly file: string;
  first: ClusterEvent;
  last: ClusterEvent;
}

export const NEW_SPAN = 1;
export const EXTENDED = 2;

export class HostingTracker {
  /** file → resource key → spans in file order. */
  private readonly byFile = new Map<string, Map<string, HostingSpan[]>>();

  /** Resource key of the spans the last `observe` changed. */
  changedKey = '';

  /**
   * Feeds one record. Returns how it changed the spans of its resource (`changedKey`): `NEW_SPAN` (its
   * first record under a new PID), `EXTENDED` (the new last record of the current span), or 0 when the
   * record says nothing about hosting.
   */
  observe(e: ClusterEvent): number {
    let pid: number | null = null;
    if (e.type === 'rcm.separate-monitor-changed') pid = e.rhsPid !== null && e.rhsPid !== 0 ? e.rhsPid : null;
    else if (isRhsSide(e)) pid = e.pid;
    if (pid === null) return 0;
    const resource = resourceOf(e);
    if (resource === null) return 0;
    const file = e.source.file;
    let resources = this.lastFile === file ? this.lastResources : this.byFile.get(file);
    if (resources == null) this.byFile.set(file, (resources = new Map()));
    this.lastFile = file;
    this.lastResources = resources;
    const key = nameKey(resource);
    let spans = resources.get(key);
    if (spans === undefined) resources.set(key, (spans = []));
    this.changedKey = key;
    const current = spans.length > 0 ? spans[spans.length - 1]! : undefined;
    if (current !== undefined && current.pid === pid) {
      current.last = e;
      return EXTENDED;
    }
    spans.push({ pid, resource, file, first: e, last: e });
    return NEW_SPAN;
  }

  /** Records come file by file: remember the last file's map. */
  private lastFile: string | null = null;
  private lastResources: Map<string, HostingSpan[]> | null = null;

  /** Spans of a resource in the given files. */
  spansOf(files: ReadonlySet<string>, resourceKey: string): HostingSpan[] {
    const out: HostingSpan[] = [];
    for (const file of files) out.push(...(this.byFile.get(file)?.get(resourceKey) ?? []));
    return out;
  }

  /** PID that hosted the resource most recently at or before `t` (UTC ms) in the given files. */
  pidAt(files: ReadonlySet<string>, resourceKey: string, t: number | null): number | null {
    let best: HostingSpan | null = null;
    for (const span of this.spansOf(files, resourceKey)) {
      const start = span.first.utcMs;
      if (t !== null && start !== null && start > t) continue;
      if (best === null || (span.first.utcMs ?? 0) >= (best.first.utcMs ?? 0)) best = span;
    }
    return best?.pid ?? null;
  }

  /**
   * Resources hosted by `pid` in the given files during [from, to] (UTC ms): the co-hosted resources of a
   * shared RHS process. Spans without times count when they are in the same file.
   */
  coHosted(files: ReadonlySet<string>, pid: number, from: number | null, to: number | null): string[] {
    const names = new Map<string, string>();
    for (const file of files) {
      for (const [key, spans] of this.byFile.get(file) ?? []) {
        for (const span of spans) {
          if (span.pid !== pid) continue;
          const a = span.first.utcMs;
          const b = span.last.utcMs;
          const overlaps = a === null || b === null || from === null || to === null || (a <= to && b >= from);
          if (overlaps) names.set(key, span.resource);
        }
      }
    }
    return [...names.values()];
  }

  /** The first span of the resource in a PID other than `pid` that starts after `t`: a new RHS hosts it. */
  movedAfter(files: ReadonlySet<string>, resourceKey: string, pid: number, t: number | null): HostingSpan | null {
    for (const span of this.spansOf(files, resourceKey)) {
      const start = span.first.utcMs;
      if (span.pid !== pid && t !== null && start !== null && start > t) return span;
    }
    return null;
  }
}
