/**
 * Retry loops: RCM restarts a failed resource (RestartThreshold within RestartPeriod) and then fails its
 * group over to other nodes (FailoverThreshold), each attempt failing the same way (domain.md §4, §6).
 * Successive failures of one resource of the same kind, within RestartPeriod of each other and without
 * the resource reaching Online in between (on any node), are one incident: the resource never came back.
 */
import type { IncidentKind } from '../shared/report.js';
import type { IncidentGroup } from './correlate.js';
import { phaseOf } from './model.js';
import type { Rec } from './order.js';
import type { ResourceStates } from './states.js';
import type { Topology } from './topology.js';

const RETRIED: ReadonlySet<IncidentKind> = new Set(['health-check-failure', 'online-failure', 'offline-failure']);

export function chainRetries(groups: readonly IncidentGroup[], states: ResourceStates, topology: Topology): IncidentGroup[] {
  const absorbed = new Set<IncidentGroup>();
  const byKey = new Map<string, IncidentGroup[]>();
  for (const g of groups) {
    if (!RETRIED.has(g.kind) || g.subject === null || g.subject.startsWith('type:') || g.detectT === null) continue;
    const key = `${g.kind}|${g.subject}`;
    byKey.set(key, [...(byKey.get(key) ?? []), g]);
  }
  for (const list of byKey.values()) {
    list.sort((a, b) => a.detectT! - b.detectT!);
    let current = list[0]!;
    for (const next of list.slice(1)) {
      const limit = topology.policies(current.subject).restartPeriodMs.value;
      if (next.detectT! - (current.lastT ?? current.detectT!) <= limit && !cameOnline(current, next, states)) {
        for (const m of next.members) current.add(m.signal, m.via);
        absorbed.add(next);
      } else current = next;
    }
  }
  return groups.filter((g) => !absorbed.has(g));
}

/** Did the resource reach Online, on any node, between the two failures? */
function cameOnline(a: IncidentGroup, b: IncidentGroup, states: ResourceStates): boolean {
  const at: Rec = a.members[0]!.signal.rec;
  return states
    .history(a.subject!, at, () => true)
    .some((s) => s.rec.t !== null && s.rec.t > a.detectT! && s.rec.t < b.detectT! && phaseOf(s.state) === 'online');
}
