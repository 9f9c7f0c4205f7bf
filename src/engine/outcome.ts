/**
 * How an incident ended, read from what follows its detection: the node bugchecked (1001 0x9E), the role
 * came online on another node (failed over: the group is followed across nodes), the resource came back
 * on its node (recovered, restarted in place or in a separate monitor), the cluster service stopped, or
 * the resource was left failed.
 */
import type { Outcome } from '../shared/report.js';
import { BUGCHECK_AFTER_DEADLOCK_TIMEOUTS, groupIsUp, phaseOf } from './model.js';
import { anchorsOf, onIncidentNode, type BuildContext, type IncidentFacts } from './context.js';
import type { IncidentGroup } from './correlate.js';
import { groupOf, isoOf, nameKey, nodeKeyOf, param, resourceOf } from './names.js';
import { between, recTime, type Rec } from './order.js';
import { isHealthMonitorBugcheck } from './significance.js';

export interface OutcomeResult {
  readonly outcome: Outcome;
  readonly detail: string | null;
  readonly failedOverTo: string | null;
  /** Records that show the outcome (they belong to the incident's timeline). */
  readonly evidence: readonly Rec[];
  /** Whether the culprit's RHS process is known to have gone away after detection. */
  readonly rhsExited: boolean;
}

/** A failover or restart normally completes within minutes of the failure. */
export const FOLLOW_UP_MS = 10 * 60_000;

const RESTART_STEP = /^(?:OnlineCallIssued|OnlinePending|WaitingToComeOnline|DelayRestartingResource)$/i;
const SERVICE_STOP_IDS: ReadonlySet<number> = new Set([1177, 1556, 5377, 7024, 7031, 7034]);

function isServiceStop(r: Rec): boolean {
  const e = r.e;
  if (e.type === 'clussvc.stopping' || e.type === 'rhs.cluster-service-terminated') return true;
  return e.type === 'eventlog.record' && e.eventId !== null && SERVICE_STOP_IDS.has(e.eventId);
}

export function outcomeOf(g: IncidentGroup, f: IncidentFacts, ctx: BuildContext): OutcomeResult {
  const detect = f.detectT;
  // What follows the incident's last own record: a retry loop ends with its last attempt.
  const end = f.endT ?? detect;
  const onNode = (r: Rec): boolean => onIncidentNode(f, ctx.scope, r);
  const found = (outcome: Outcome, detail: string | null, evidence: Rec[], failedOverTo: string | null = null): OutcomeResult => ({
    outcome,
    detail,
    failedOverTo,
    evidence,
    rhsExited: rhsExited(g, f, ctx),
  });

  // 0x9E is raised after 4 × DeadlockTimeout; event 1001 is written after the reboot (domain.md §6).
  const bugcheckSpan = BUGCHECK_AFTER_DEADLOCK_TIMEOUTS * f.policies.deadlockTimeoutMs.value + 60 * 60_000;
  const followed = (span: number): Rec[] =>
    detect === null || end === null ? afterInFile(f, ctx) : between(ctx.recs, recTime, detect, end + span);
  const bugcheck = [...f.members, ...followed(bugcheckSpan)].find((r) => isHealthMonitorBugcheck(r.e) && onNode(r));
  if (bugcheck !== undefined) return found('node-bugchecked', `${f.node ?? bugcheck.e.node} rebooted from a 0x9E USER_MODE_HEALTH_MONITOR bugcheck (event 1001)`, [bugcheck]);

  const window = [...new Set([...f.members, ...followed(FOLLOW_UP_MS)])].sort((a, b) => a.seq - b.seq);
  if (f.kind === 'node-down') {
    const moves = window.filter((r) => r.e.type === 'rcm.group-move' && /NodeDown/i.test(r.e.moveType ?? '') && r.e.toNode !== null);
    const first = moves[0];
    if (first !== undefined && first.e.type === 'rcm.group-move') {
      const groups = [...new Set(moves.map((r) => (r.e.type === 'rcm.group-move' ? r.e.group : '')))];
      return found('failed-over', `${groups.map((x) => `'${x}'`).join(', ')} moved to ${first.e.toNode} after the node left`, moves, first.e.toNode);
    }
    return found('unknown', null, []);
  }
  if (f.kind === 'quorum-loss' || f.kind === 'cluster-service-failure') {
    const stop = window.find((r) => isServiceStop(r) && onNode(r));
    return stop !== undefined
      ? found('cluster-service-stopped', `the cluster service stopped on ${f.node ?? stop.e.node}`, [stop])
      : found('unknown', null, []);
  }
  if (f.resourceKey === null) return found('unknown', null, []);

  const group = f.group !== null ? nameKey(f.group) : null;
  const ofRole = (r: Rec): boolean => {
    const res = resourceOf(r.e);
    const grp = groupOf(r.e);
    return (res !== null && nameKey(res) === f.resourceKey) || (group !== null && grp !== null && nameKey(grp) === group);
  };
  const later = window.filter((r) => end === null || (r.t !== null && r.t > end));

  // Followed across nodes: the role coming online elsewhere, or RCM moving its group elsewhere.
  for (const r of later) {
    const e = r.e;
    if (!ofRole(r) || onNode(r)) continue;
    const online =
      (e.type === 'rcm.state-transition' && phaseOf(e.to) === 'online') ||
      e.type === 'rhs.resource-online' ||
      (e.type === 'rcm.group-state' && groupIsUp(e.to));
    if (online) return found('failed-over', `'${f.group ?? f.resource}' came online on ${e.node} at ${isoOf(r.t)}`, [r], e.node);
  }
  const move = later.find((r) => r.e.type === 'rcm.group-move' && ofRole(r) && r.e.toNode !== null && !r.e.planned);
  if (move !== undefined && move.e.type === 'rcm.group-move' && !f.nodeKeys.has(nodeKeyOf(move.e.toNode!))) {
    return found('failed-over', `RCM moved '${move.e.group}' to ${move.e.toNode}`, [move], move.e.toNode);
  }
  const moveTo = later.find((r) => r.e.type === 'eventlog.record' && r.e.eventId === 1641 && ofRole(r));
  if (moveTo !== undefined && param(moveTo.e, 'toNode') !== null) {
    return found('failed-over', `'${param(moveTo.e, 'group')}' moved to ${param(moveTo.e, 'toNode')} (event 1641)`, [moveTo], param(moveTo.e, 'toNode'));
  }

  // Back on its node: the last state the resource reached on the node of the last attempt.
  const at = anchorsOf(f.own, ctx.scope).at(-1);
  const states = at !== undefined ? ctx.states.history(f.resourceKey, at, (a, b) => ctx.scope.compatible(a, b)) : [];
  const sinceDetect = states.filter(
    (s) => detect === null || end === null || (s.rec.t !== null && s.rec.t > detect && s.rec.t <= end + FOLLOW_UP_MS),
  );
  const last = sinceDetect.at(-1);
  if (last !== undefined && phaseOf(last.state) === 'online') {
    const restarted = sinceDetect.some((s) => RESTART_STEP.test(s.state));
    const separate =
      g.members.some((m) => m.signal.rec.e.type === 'rcm.crashed-or-deadlocked' && m.signal.rec.e.separateMonitor) ||
      later.some((r) => r.e.type === 'rcm.separate-monitor-changed' && ofRole(r));
    const where = `on ${f.node ?? last.rec.e.node} at ${isoOf(last.rec.t)}`;
    if (separate) return found('restarted-separate-monitor', `'${f.resource}' came back online ${where} in a separate RHS process`, [last.rec]);
    if (restarted) return found('restarted-in-place', `'${f.resource}' was restarted and came back online ${where}`, [last.rec]);
    return found('recovered', `'${f.resource}' was online again ${where}`, [last.rec]);
  }
  const stop = later.find((r) => isServiceStop(r) && onNode(r));
  if (stop !== undefined) return found('cluster-service-stopped', `the cluster service stopped on ${f.node ?? stop.e.node}`, [stop]);
  const leftFailed = window.find(
    (r) =>
      (r.e.type === 'eventlog.record' && (r.e.eventId === 1638 || r.e.eventId === 1254) && ofRole(r)) ||
      (r.e.type === 'rcm.failover-decision' && (r.e.decision === 'left-failed' || r.e.decision === 'no-failover') && ofRole(r)),
  );
  if ((last !== undefined && phaseOf(last.state) === 'failed') || leftFailed !== undefined) {
    return found('left-failed', `'${f.resource}' was left in the Failed state`, leftFailed !== undefined ? [leftFailed] : last !== undefined ? [last.rec] : []);
  }
  return found('unknown', null, []);
}

/** Without times, what follows is what comes next in the incident's own files. */
const LINES_AFTER = 500;
function afterInFile(f: IncidentFacts, ctx: BuildContext): Rec[] {
  const first = new Map<string, number>();
  for (const r of f.own) first.set(r.file, Math.min(first.get(r.file) ?? r.line, r.line));
  return ctx.recs.filter((r) => {
    const line = first.get(r.file);
    return line !== undefined && r.line > line && r.line <= line + LINES_AFTER;
  });
}

/**
 * Signs that the RHS process that hung went away: 1146, a monitor restart or reattach, the culprit in a
 * new RHS PID, the resource reported again by RCM after restarting, or the whole service stopping.
 */
function rhsExited(g: IncidentGroup, f: IncidentFacts, ctx: BuildContext): boolean {
  const detect = f.detectT;
  const exited = (r: Rec): boolean => {
    const e = r.e;
    if (e.type === 'eventlog.record' && e.eventId === 1146) return true;
    return e.type === 'rcm.monitor-restart' || e.type === 'rcm.reattach' || e.type === 'clussvc.stopping' || e.type === 'rhs.cluster-service-terminated';
  };
  if (g.members.some((m) => exited(m.signal.rec))) return true;
  if (detect !== null && between(ctx.recs, recTime, detect, detect + FOLLOW_UP_MS).some((r) => exited(r) && onIncidentNode(f, ctx.scope, r))) {
    return true;
  }
  return f.resourceKey !== null && f.rhsPid !== null && ctx.hosting.movedAfter(f.files, f.resourceKey, f.rhsPid, detect) !== null;
}
