/**
 * Escalation warnings (domain.md §6): restart threshold reached (1638 or counted restarts), failover
 * threshold reached (1254, RCM not failing the group over), a deadlock repeated although the resource
 * already runs in a separate monitor, and an RHS process not seen to exit, which ends in a 0x9E bugcheck
 * after 4 × DeadlockTimeout.
 */
import { readableUtc, type Incident } from '../shared/report.js';
import { BUGCHECK_AFTER_DEADLOCK_TIMEOUTS } from './model.js';
import type { BuildContext, IncidentFacts } from './context.js';
import type { IncidentGroup } from './correlate.js';
import { groupOf, nameKey, resourceOf } from './names.js';
import type { OutcomeResult } from './outcome.js';
import { FOLLOW_UP_MS } from './outcome.js';
import { between, recTime, type Rec } from './order.js';

/** `at 2024-03-05 10:22:31.123Z`, as the report writes times. */
const at = (ms: number | null): string => (ms === null ? 'at an unknown time' : `at ${readableUtc(ms)}`);

const RESTART = /^(?:OnlineCallIssued|OnlinePending)$/i;
const FAILURE_HANDLING = /^(?:ProcessingFailure|WaitingToTerminate|Terminating|DelayRestartingResource|Failed)$/i;

export function escalationsOf(g: IncidentGroup, f: IncidentFacts, outcome: OutcomeResult, ctx: BuildContext): string[] {
  const out: string[] = [];
  const detect = f.detectT;
  const ofResource = (r: Rec): boolean => {
    const res = resourceOf(r.e);
    return f.resourceKey !== null && res !== null && nameKey(res) === f.resourceKey;
  };
  const ofGroup = (r: Rec): boolean => {
    const grp = groupOf(r.e);
    return f.group !== null && grp !== null && nameKey(grp) === nameKey(f.group);
  };
  const end = f.endT ?? detect;
  const window = [...f.members, ...(detect !== null && end !== null ? between(ctx.recs, recTime, detect, end + FOLLOW_UP_MS) : [])];

  const p = f.policies;
  const e1638 = window.find((r) => r.e.type === 'eventlog.record' && r.e.eventId === 1638 && ofResource(r));
  if (e1638 !== undefined) {
    out.push(
      `Restart threshold reached: '${f.resource}' exhausted its restarts (RestartThreshold ${p.restartThreshold.value} within ` +
        `RestartPeriod ${p.restartPeriodMs.value / 60_000} min) and was left failed (event 1638 ${at(e1638.t)}).`,
    );
  } else if (f.resourceKey !== null && detect !== null && f.own[0] !== undefined) {
    // Count restarts RCM attempted within RestartPeriod: back to Online(CallIssued|Pending) after failure handling.
    const history = ctx.states.history(f.resourceKey, f.own[0], (a, b) => ctx.scope.compatible(a, b));
    let restarts = 0;
    for (let i = 1; i < history.length; i++) {
      const t = history[i]!.rec.t;
      if (t === null || t < detect - p.restartPeriodMs.value || t > (end ?? detect) + FOLLOW_UP_MS) continue;
      if (RESTART.test(history[i]!.state) && FAILURE_HANDLING.test(history[i - 1]!.state)) restarts++;
    }
    if (restarts >= p.restartThreshold.value && p.restartThreshold.value > 0) {
      out.push(
        `Restart threshold reached: ${restarts} restart${restarts === 1 ? '' : 's'} of '${f.resource}' within RestartPeriod ` +
          `(RestartThreshold ${p.restartThreshold.value}, ${p.restartThreshold.source}); the next failure ${p.restartAction.value === 2 ? 'fails the group over' : 'leaves it failed'}.`,
      );
    }
  }

  const e1254 = window.find((r) => r.e.type === 'eventlog.record' && r.e.eventId === 1254 && ofGroup(r));
  const noFailover = window.find((r) => r.e.type === 'rcm.failover-decision' && r.e.decision === 'no-failover' && ofGroup(r));
  if ((e1254 !== undefined || noFailover !== undefined) && f.group !== null) {
    const seen = (e1254 ?? noFailover)!;
    const gp = ctx.topology.groupPolicies(f.group);
    out.push(
      `Failover threshold reached: role '${f.group}' exhausted its failovers (FailoverThreshold ${gp.failoverThreshold} within ` +
        `FailoverPeriod ${gp.failoverPeriod}) and stays failed (${e1254 !== undefined ? 'event 1254' : 'RCM: not failing over'} ${at(seen.t)}).`,
    );
  }

  if (f.kind === 'deadlock' && detect !== null && !outcome.rhsExited && outcome.outcome !== 'node-bugchecked') {
    const dt = p.deadlockTimeoutMs.value;
    const deadline = detect + BUGCHECK_AFTER_DEADLOCK_TIMEOUTS * dt;
    const pid = f.rhsPid !== null ? `rhs.exe PID ${f.rhsPid} (0x${f.rhsPid.toString(16)})` : 'the RHS process';
    out.push(
      `${pid} was not seen to exit after the deadlock: if it does not exit, NetFT bugchecks the node with 0x9E ` +
        `${at(deadline)} (4 × DeadlockTimeout of ${dt / 1000} s after detection).`,
    );
  }
  return out;
}

/**
 * Repeated deadlocks of one resource: a later deadlock of a resource that was already moved to a separate
 * monitor (or configured so) means isolation did not remove the cause. Runs over finished incidents.
 */
export function repeatedDeadlocks<I extends Omit<Incident, 'id'>>(incidents: readonly I[], separateByConfig: (resource: string) => boolean): Map<I, string> {
  const out = new Map<I, string>();
  const byResource = new Map<string, I[]>();
  for (const i of incidents) {
    if (i.kind !== 'deadlock' || i.resource === null || i.detectedAt === null) continue;
    const key = `${(i.node ?? '').toLowerCase()}|${nameKey(i.resource)}`;
    const list = byResource.get(key) ?? [];
    list.push(i);
    byResource.set(key, list);
  }
  for (const list of byResource.values()) {
    // ISO times of one format order as text; code units keep the order independent of the locale.
    list.sort((a, b) => (a.detectedAt! < b.detectedAt! ? -1 : a.detectedAt! > b.detectedAt! ? 1 : 0));
    for (let n = 1; n < list.length; n++) {
      const prev = list[n - 1]!;
      const cur = list[n]!;
      const isolated =
        separateByConfig(cur.resource!) ||
        prev.outcome === 'restarted-separate-monitor' ||
        prev.timeline.some((t) => t.event === 'rcm.crashed-or-deadlocked' || t.event === 'rcm.separate-monitor-changed');
      if (isolated) {
        out.set(
          cur,
          `Repeated deadlock: '${cur.resource}' deadlocked again ${at(Date.parse(cur.detectedAt!))} although it runs in a separate ` +
            `monitor since the deadlock ${at(Date.parse(prev.detectedAt!))}: isolation contains the damage but not the cause.`,
        );
      }
    }
  }
  return out;
}
