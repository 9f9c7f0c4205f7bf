/**
 * Collateral: other resources taken down with the culprit. Resources restarted, reattached or failed on
 * the incident's node right after detection (absorbed as collateral), and, when the shared RHS process was
 * terminated, every resource it hosted (domain.md §6 escalation step 1; seed 000: a Network Name IsAlive
 * hang took co-hosted disks down with the shared RHS).
 */
import type { BuildContext, IncidentFacts } from './context.js';
import type { IncidentGroup } from './correlate.js';
import { nameKey } from './names.js';

/** Records that say the culprit's RHS process was (or is being) terminated. */
function rhsTerminated(g: IncidentGroup): boolean {
  return g.members.some(({ signal: { rec } }) => {
    const e = rec.e;
    if (e.type === 'rhs.deadlock-handling') return e.terminatingRhs;
    if (e.type === 'rhs.exception') return true; // RHS terminates after an unhandled exception
    if (e.type === 'eventlog.record') return e.eventId === 1146 || e.eventId === 1230 || e.eventId === 1265;
    return e.type === 'rcm.monitor-restart' || e.type === 'rcm.reattach';
  });
}

export function collateralOf(g: IncidentGroup, f: IncidentFacts, ctx: BuildContext): string[] {
  const names = new Map<string, string>();
  const add = (name: string): void => {
    const key = nameKey(name);
    if (key !== f.resourceKey && !names.has(key)) names.set(key, ctx.topology.displayName(key) ?? name);
  };
  for (const m of g.members) if (m.via === 'collateral' && m.signal.resource !== null) add(m.signal.resource);
  // RCM lists the resources of a replaced RHS itself (monitor restart / reattach): that list is
  // authoritative; PIDs of earlier lines only stand in when RCM's list is not in the logs.
  const listedByRcm = g.members.some((m) => m.signal.rec.e.type === 'rcm.monitor-restart' || m.signal.rec.e.type === 'rcm.reattach');
  if ((f.kind === 'deadlock' || f.kind === 'rhs-failure') && !listedByRcm && f.rhsPid !== null && f.detectT !== null && rhsTerminated(g)) {
    // Co-hosted during the hung call: from its start (detection − DeadlockTimeout) to detection.
    const from = f.detectT - f.policies.deadlockTimeoutMs.value - 60_000;
    for (const name of ctx.hosting.coHosted(f.files, f.rhsPid, from, f.detectT)) add(name);
  }
  // Code-unit order: the same on every machine, whatever its locale (localeCompare is not).
  return [...names.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
