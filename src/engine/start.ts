/**
 * When the failing call started (domain.md §10 step 2): the RCM `Issuing <Op>(R) to RHS` line, else the
 * last line of the stuck thread (the RES lines of the call's PID.TID stop when it hangs), else detection
 * minus the timeout that fired. `startedFrom` says which.
 */
import type { ClusterEvent, EntryPoint } from '../events/types.js';
import { onIncidentNode, type BuildContext, type IncidentFacts } from './context.js';
import { nameKey, nodeKeyOf } from './names.js';
import { between, eventTime, recTime } from './order.js';

export interface Start {
  readonly t: number | null;
  readonly from: string | null;
  /** The record it was read from, shown in the timeline. */
  readonly anchor: ClusterEvent | null;
  /** The timeout that applies to the call, when there is one. */
  readonly timeoutMs: number | null;
}

/** Entry points RCM issues explicitly (`Issuing Online(X) to RHS`); health checks are scheduled by RHS. */
const ISSUED: ReadonlySet<EntryPoint> = new Set(['Online', 'Offline', 'Arbitrate', 'Release', 'Terminate', 'ResourceControl']);
const SLACK_MS = 30_000;

export function findStart(f: IncidentFacts, ctx: BuildContext): Start {
  const detect = f.detectT;
  if (detect === null) return { t: null, from: null, anchor: null, timeoutMs: timeoutOf(f) };
  switch (f.kind) {
    case 'deadlock': {
      const timeout = f.policies.deadlockTimeoutMs.value;
      const issued = issuingCall(f, ctx, detect - timeout - SLACK_MS, detect);
      if (issued !== null) return { t: issued.utcMs, from: 'rcm-issuing-call', anchor: issued, timeoutMs: timeout };
      const stuck = stuckThreadLastLine(f, ctx, detect, timeout);
      if (stuck !== null) return { t: stuck.utcMs, from: 'stuck-thread-last-line', anchor: stuck, timeoutMs: timeout };
      return { t: detect - timeout, from: 'detection-minus-timeout', anchor: null, timeoutMs: timeout };
    }
    case 'online-failure':
    case 'offline-failure': {
      const span = f.policies.pendingTimeoutMs.value + f.policies.deadlockTimeoutMs.value;
      const issued = issuingCall(f, ctx, detect - span, detect);
      if (issued !== null) return { t: issued.utcMs, from: 'rcm-issuing-call', anchor: issued, timeoutMs: timeoutOf(f) };
      const pending = pendingEntry(f, ctx, detect - span, detect);
      if (pending !== null) return { t: pending.utcMs, from: 'state-machine', anchor: pending, timeoutMs: timeoutOf(f) };
      return { t: detect, from: 'detection', anchor: null, timeoutMs: timeoutOf(f) };
    }
    case 'node-down': {
      // Heartbeat loss and routes going down precede the removal (domain.md §9).
      const first = f.members.find((r) => r.t !== null && r.t < detect && /^net\./.test(r.e.type));
      if (first !== undefined && first.t !== null) return { t: first.t, from: 'first-symptom', anchor: first.e, timeoutMs: null };
      return { t: detect, from: 'detection', anchor: null, timeoutMs: null };
    }
    default:
      return { t: detect, from: 'detection', anchor: null, timeoutMs: null };
  }
}

/** Timeout of the phase that failed: PendingTimeout for pending online/offline, DeadlockTimeout for calls. */
function timeoutOf(f: IncidentFacts): number | null {
  if (f.kind === 'deadlock') return f.policies.deadlockTimeoutMs.value;
  // Derived signals enter the pending state; RCM's own report of the overrun leaves it (`OnlinePending -> ProcessingFailure`).
  const pendingOverrun = f.own.some((r) => r.e.type === 'rcm.state-transition' && (/Pending$/i.test(r.e.to) || /^(?:Online|Offline)Pending$/i.test(r.e.from)));
  return pendingOverrun ? f.policies.pendingTimeoutMs.value : null;
}

function issuingCall(f: IncidentFacts, ctx: BuildContext, from: number, to: number): ClusterEvent | null {
  if (f.resourceKey === null || f.entryPoint === null || !ISSUED.has(f.entryPoint)) return null;
  let found: ClusterEvent | null = null;
  for (const r of between(ctx.recs, recTime, from, to)) {
    const e = r.e;
    if (e.type !== 'rcm.issuing-call' || e.entryPoint !== f.entryPoint || nameKey(e.resource) !== f.resourceKey) continue;
    if (onIncidentNode(f, ctx.scope, r)) found = e;
  }
  return found;
}

function pendingEntry(f: IncidentFacts, ctx: BuildContext, from: number, to: number): ClusterEvent | null {
  if (f.resourceKey === null) return null;
  const want = f.kind === 'online-failure' ? /^OnlinePending$/i : /^OfflinePending$/i;
  let found: ClusterEvent | null = null;
  for (const r of between(ctx.recs, recTime, from, to)) {
    const e = r.e;
    if (e.type === 'rcm.state-transition' && want.test(e.to) && nameKey(e.resource) === f.resourceKey && onIncidentNode(f, ctx.scope, r)) {
      found = e;
    }
  }
  return found;
}

/**
 * The stuck thread: among the resource's RES lines in the culprit's RHS process, the thread whose last
 * line falls where the call must have started (detection − timeout, within a tolerance) and which wrote
 * nothing after it.
 */
function stuckThreadLastLine(f: IncidentFacts, ctx: BuildContext, detect: number, timeout: number): ClusterEvent | null {
  if (f.resourceKey === null) return null;
  const tolerance = Math.min(SLACK_MS, timeout / 4);
  const expected = detect - timeout;
  const lastByThread = new Map<number, ClusterEvent>();
  for (const e of between(ctx.evidence, eventTime, expected - tolerance, detect - 1)) {
    if (e.type !== 'res.message' || e.resource === null || e.tid === null || nameKey(e.resource) !== f.resourceKey) continue;
    if (f.rhsPid !== null && e.pid !== f.rhsPid) continue;
    if (!onIncidentNode(f, ctx.scope, { nodeKey: nodeKeyOf(e.node), file: e.source.file })) continue;
    lastByThread.set(e.tid, e);
  }
  let best: ClusterEvent | null = null;
  for (const e of lastByThread.values()) {
    const gap = Math.abs(e.utcMs! - expected);
    if (gap <= tolerance && (best === null || gap < Math.abs(best.utcMs! - expected))) best = e;
  }
  return best;
}

/**
 * How far past its timeout the call ran: stated by DeadlockMonitor (`timed out by N milliseconds`), or
 * measured from an observed start; null when the start is only detection minus the timeout.
 */
export function overrunOf(f: IncidentFacts, start: Start): number | null {
  const stated = f.own.map((r) => (r.e.type === 'rhs.call-timeout' ? r.e.overrunMs : null)).find((v) => v !== null);
  if (stated !== undefined && stated !== null) return stated;
  const observed = start.from === 'rcm-issuing-call' || start.from === 'stuck-thread-last-line';
  if (!observed || start.t === null || f.detectT === null || start.timeoutMs === null) return null;
  return Math.max(0, f.detectT - start.t - start.timeoutMs);
}
