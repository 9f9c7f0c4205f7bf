/**
 * Clock skew between nodes: the same membership change or quorum loss is logged by every node within
 * seconds, so a larger gap between nodes' records of one such incident means their clocks disagree.
 * Reported only; times are never shifted (that would reorder records into nonsense).
 */
import { readableUtc, type Diagnostic } from '../shared/report.js';
import type { IncidentGroup } from './correlate.js';

export const SKEW_THRESHOLD_MS = 30_000;

/** Code-unit order: the same on every machine, whatever its locale (localeCompare is not). */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function clockSkew(groups: readonly IncidentGroup[]): Diagnostic[] {
  const worst = new Map<string, { early: string; late: string; gap: number; kind: string; at: number }>();
  for (const g of groups) {
    if (g.kind !== 'node-down' && g.kind !== 'quorum-loss') continue;
    const firstByNode = new Map<string, { t: number; node: string }>();
    for (const { signal, via } of g.members) {
      if ((via !== 'same' && via !== 'cluster') || signal.t === null) continue;
      const prev = firstByNode.get(signal.rec.nodeKey);
      if (prev === undefined || signal.t < prev.t) firstByNode.set(signal.rec.nodeKey, { t: signal.t, node: signal.rec.e.node });
    }
    const nodes = [...firstByNode.values()].sort((a, b) => a.t - b.t);
    const first = nodes[0];
    if (first === undefined) continue;
    for (const other of nodes.slice(1)) {
      const gap = other.t - first.t;
      const key = `${first.node}|${other.node}`;
      if (gap > SKEW_THRESHOLD_MS && gap > (worst.get(key)?.gap ?? 0)) worst.set(key, { early: first.node, late: other.node, gap, kind: g.kind, at: first.t });
    }
  }
  return [...worst.values()]
    .sort((a, b) => byCodeUnit(a.early, b.early) || byCodeUnit(a.late, b.late))
    .map((w) => ({
      level: 'warning' as const,
      code: 'clock-skew',
      file: null,
      line: null,
      message:
        `${w.late} logged the same ${w.kind === 'node-down' ? 'membership change' : 'quorum loss'} ${Math.round(w.gap / 1000)} s after ` +
        `${w.early} (first seen at ${readableUtc(w.at)}): its clock is probably about ${Math.round(w.gap / 1000)} s ahead; times are shown as logged.`,
    }));
}
