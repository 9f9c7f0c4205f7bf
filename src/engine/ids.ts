/** Stable incident ids and the report order of incidents. */
import { createHash } from 'node:crypto';
import type { Incident } from '../shared/report.js';

/** `kind-<first 10 hex of sha256(kind|node|resource|detectedAt)>`: the same across runs and machines. */
export function incidentId(i: Pick<Incident, 'kind' | 'node' | 'resource' | 'detectedAt'>): string {
  const hash = createHash('sha256').update(`${i.kind}|${i.node ?? ''}|${i.resource ?? ''}|${i.detectedAt ?? ''}`).digest('hex');
  return `${i.kind}-${hash.slice(0, 10)}`;
}

const cmp = (a: string | null, b: string | null): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
};

/** Ordered by (detectedAt, node, resource, kind); unknown values last. */
function compareIncidents(a: Incident, b: Incident): number {
  return cmp(a.detectedAt, b.detectedAt) || cmp(a.node, b.node) || cmp(a.resource, b.resource) || cmp(a.kind, b.kind);
}

/** Sorts and assigns ids; incidents that would share an id get `-2`, `-3`... in report order. */
export function finalizeOrder(incidents: readonly Omit<Incident, 'id'>[]): Incident[] {
  const sorted = [...incidents].sort((a, b) => compareIncidents({ ...a, id: '' }, { ...b, id: '' }));
  const seen = new Map<string, number>();
  return sorted.map((i) => {
    const base = incidentId(i);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { id: n === 1 ? base : `${base}-${n}`, ...i };
  });
}
