/**
 * Turns ordered records into failure signals: what each record says failed (per `roles.ts`), resolved with
 * what the state machine knows (a 1069 while coming online is an online failure), plus signals only the
 * state machine can see (a resource left in OnlinePending past its PendingTimeout).
 */
import type { EntryPoint } from '../events/types.js';
import type { IncidentKind } from '../shared/report.js';
import { ENTRY_POINTS, phaseOf, type Phase } from './model.js';
import { groupOf, nameKey, param, resourceOf, resourceTypeOf } from './names.js';
import type { Rec } from './order.js';
import { ABSORB, BUGCHECK_ROLE, CLUSSVC_SCM_ROLE, DLL_ERROR, EVENT_ROLES, TYPE_ROLES, type Absorb, type Opens, type Pass, type Role } from './roles.js';
import { isClusterServiceRecord, isHealthMonitorBugcheck, isRhsCrashRecord } from './significance.js';
import type { ResourceStates } from './states.js';
import type { Topology } from './topology.js';

export interface Signal {
  readonly rec: Rec;
  /** When the failure was detected; differs from the record's time for state-machine signals. */
  readonly t: number | null;
  readonly pass: Pass;
  readonly opens: IncidentKind | null;
  readonly absorb: readonly Absorb[];
  readonly resource: string | null;
  /** For resource-type calls (ResourceTypeControl) that name no resource. */
  readonly resourceType: string | null;
  readonly group: string | null;
  readonly entryPoint: EntryPoint | null;
  /** Nodes the record says were removed from membership. */
  readonly downed: readonly string[];
  /** Explains a signal the record does not state by itself. */
  readonly note: string | null;
}

/** A broken connection and a route going down on the same node belong together within this. */
const PAIR_WINDOW_MS = 10_000;
/** An orderly stop (`preterminate succeeded`, `executing OnStop`) shortly before RHS sees clussvc gone. */
const ORDERLY_STOP_MS = 30_000;

/** Incident kind for a failure of a resource, from what it was doing. */
function kindOfPhase(phase: Phase, fallback: IncidentKind): { kind: IncidentKind; entryPoint: EntryPoint | null } {
  if (phase === 'coming-online') return { kind: 'online-failure', entryPoint: 'Online' };
  if (phase === 'going-offline') return { kind: 'offline-failure', entryPoint: 'Offline' };
  if (phase === 'online') return { kind: 'health-check-failure', entryPoint: null };
  return { kind: fallback, entryPoint: null };
}

export interface SignalContext {
  readonly states: ResourceStates;
  readonly topology: Topology;
  /** Last UTC time seen in a file (including records not retained). */
  readonly fileEnd: (file: string) => number | null;
  /** Whether two records may be about the same node. */
  readonly compatible: (a: Rec, b: Rec) => boolean;
  /** Whether a file's node name is known (not a fallback). */
  readonly certain: (file: string) => boolean;
}

export function buildSignals(recs: readonly Rec[], ctx: SignalContext): Signal[] {
  const rcmView = new Set<string>();
  const routeDown = new Map<string, Rec[]>();
  const orderlyStops = new Map<string, Rec[]>();
  for (const r of recs) {
    const type = r.e.type;
    if (type.startsWith('rcm.') || type.startsWith('rhs.')) rcmView.add(r.file);
    if (type === 'net.route-down' || type === 'net.all-routes-down' || type === 'net.endpoint-unreachable') push(routeDown, r.nodeKey, r);
    if (type === 'clussvc.stopping') push(orderlyStops, r.file, r);
  }
  const near = (list: readonly Rec[] | undefined, r: Rec, before: number, after: number): boolean =>
    (list ?? []).some((x) =>
      x.t === null || r.t === null ? x.file === r.file && Math.abs(x.line - r.line) <= 50 : x.t >= r.t - before && x.t <= r.t + after,
    );

  const out: Signal[] = [];
  for (const r of recs) {
    const resolved = resolve(r, ctx, {
      rcmView: { file: rcmView.has(r.file), collection: rcmView.size > 0 },
      pairedWithRouteDown: () => near(routeDown.get(r.nodeKey), r, PAIR_WINDOW_MS, PAIR_WINDOW_MS),
      orderlyStopBefore: () => near(orderlyStops.get(r.file), r, ORDERLY_STOP_MS, 0),
    });
    if (resolved !== null) out.push(resolved);
  }
  // A stay in OnlinePending that some record already reported as failed needs no derived signal.
  const failedLater = (p: Signal): boolean =>
    out.some(
      (s) =>
        s.opens !== null && s.resource !== null && p.resource !== null && nameKey(s.resource) === nameKey(p.resource) &&
        s.t !== null && p.rec.t !== null && s.t >= p.rec.t && ctx.compatible(s.rec, p.rec),
    );
  out.push(...pendingSignals(ctx).filter((p) => !failedLater(p)));
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

interface Neighbours {
  /** Whether RCM/RHS records exist in the record's file, and anywhere in the collection. */
  readonly rcmView: { readonly file: boolean; readonly collection: boolean };
  readonly pairedWithRouteDown: () => boolean;
  readonly orderlyStopBefore: () => boolean;
}

function roleOf(r: Rec, n: Neighbours): Role | null {
  const e = r.e;
  switch (e.type) {
    case 'eventlog.record':
      if (e.eventId === null) return null;
      if (isHealthMonitorBugcheck(e)) return BUGCHECK_ROLE;
      if (isRhsCrashRecord(e)) return TYPE_ROLES['rhs.wer-report'] ?? null;
      if ([7024, 7031, 7034].includes(e.eventId)) return isClusterServiceRecord(e) ? CLUSSVC_SCM_ROLE : null;
      return EVENT_ROLES[e.eventId] ?? null;
    case 'rcm.monitor-reply': {
      const reply = e.reply.toUpperCase();
      // Also sent for the co-hosted resources of an RHS that went away: collateral then.
      if (reply === 'FAILURENOTIFICATION') return { opens: 'phase', pass: 3, absorb: ABSORB.RESOURCE_DOWN };
      // 997 = ERROR_IO_PENDING: the call continues asynchronously, not an error.
      const failed = e.result !== null && e.result !== 0 && e.result !== 997;
      if (failed && reply === 'ONLINERESOURCE') return { opens: 'online-failure', pass: 2, absorb: ABSORB.SELF_DEADLOCK, entryPoint: 'Online' };
      if (failed && reply === 'OFFLINERESOURCE') return { opens: 'offline-failure', pass: 2, absorb: ABSORB.SELF_DEADLOCK, entryPoint: 'Offline' };
      return null;
    }
    case 'rhs.call-failed': {
      const ep = e.entryPoint;
      const opens: Opens =
        ep === 'Online' || ep === 'Arbitrate' ? 'online-failure'
        : ep === 'Offline' || ep === 'Release' ? 'offline-failure'
        : ep === 'IsAlive' || ep === 'LooksAlive' ? 'health-check-failure'
        : 'phase';
      return { opens, pass: 2, absorb: ABSORB.SELF_DEADLOCK, entryPoint: ep };
    }
    case 'rhs.terminating-resource':
      return { opens: 'phase', pass: 3, absorb: ABSORB.SELF };
    case 'rhs.cluster-service-terminated':
      return n.orderlyStopBefore()
        ? { opens: null, pass: 4, absorb: ABSORB.SERVICE_SYMPTOM }
        : { opens: 'cluster-service-failure', pass: 2, absorb: ABSORB.SERVICE_SYMPTOM };
    case 'node.connection-broken':
    case 'node.disconnected':
      // A broken connection is a node-down only with a route going down on the surviving node.
      return { opens: n.pairedWithRouteDown() ? 'node-down' : null, pass: 3, absorb: ABSORB.MEMBERSHIP };
    case 'node.new-view':
      return e.downers.length > 0 ? { opens: 'node-down', pass: 1, absorb: [] } : null;
    case 'rcm.resource-control-error':
      // 5910 ERROR_RESOURCE_CALL_TIMED_OUT: a control call stuck behind a hung RHS (seed 004).
      return e.errorCode === 5910 ? { opens: null, pass: 4, absorb: [{ into: 'deadlock', via: ['node'] }] } : null;
    case 'res.message':
      if (e.level !== 'ERR' && e.level !== 'CRIT') return null;
      // Only a DLL-only excerpt lets a DLL error stand for a failure: where RCM and RHS lines are present,
      // a real failure has its own records, and DLL errors are evidence (e.g. `Lease Thread terminated`
      // during a normal offline, corpus 31).
      return { opens: 'phase', pass: 4, absorb: DLL_ERROR, alone: 'file' };
    case 'rcm.failover-decision':
      // `HandleFailure: (X)`: RCM handles a failure of X.
      return e.decision === 'handle-failure' && e.resource !== null ? { opens: 'phase', pass: 3, absorb: ABSORB.RESOURCE_DOWN } : null;
    default:
      return TYPE_ROLES[e.type] ?? null;
  }
}

function entryPointOf(r: Rec, role: Role): EntryPoint | null {
  const e = r.e;
  if (e.type === 'rhs.call-timeout' || e.type === 'rhs.health-check-failed' || e.type === 'rhs.exception') return e.entryPoint;
  if (e.type === 'eventlog.record') {
    if (e.eventId === 1230 && (param(e, 'controlCode') !== null || /control/i.test(e.template ?? ''))) return 'ResourceControl';
    const named = param(e, 'entryPoint');
    if (named !== null && Object.hasOwn(ENTRY_POINTS, named)) return named as EntryPoint;
  }
  return role.entryPoint ?? null;
}

/** States a resource enters when a failure is being handled or a restart is under way (domain.md §4). */
const FAILURE_ENTRY = /^(?:ProcessingFailure|Failed)$/i;
const RESTART_STEP = /^(?:WaitingToTerminate|Terminating|DelayRestartingResource|OnlinePending)$/i;
const FAILURE_PHASES: readonly Phase[] = ['failing', 'restarting', 'failed'];

/** The role of a state transition: a failure of what the resource was doing, or a step of handling one. */
function transitionRole(from: string, to: string): { role: Role; kind: IncidentKind | null; entryPoint: EntryPoint | null } | null {
  if (FAILURE_ENTRY.test(to.trim())) {
    const fromPhase = phaseOf(from);
    if (FAILURE_PHASES.includes(fromPhase)) return { role: { opens: null, pass: 4, absorb: ABSORB.RESOURCE_DOWN }, kind: null, entryPoint: null };
    const k = kindOfPhase(fromPhase, 'health-check-failure');
    return { role: { opens: k.kind, pass: 3, absorb: ABSORB.RESOURCE_DOWN }, kind: k.kind, entryPoint: k.entryPoint };
  }
  // Co-hosted resources being restarted after an RHS failure show up as these steps (collateral).
  if (RESTART_STEP.test(to.trim())) return { role: { opens: null, pass: 4, absorb: ABSORB.RESTARTED }, kind: null, entryPoint: null };
  return null;
}

function resolve(r: Rec, ctx: SignalContext, n: Neighbours): Signal | null {
  const e = r.e;
  const resource = resourceOf(e);
  const resourceKey = resource !== null ? nameKey(resource) : null;
  let role: Role | null;
  let opens: IncidentKind | null;
  let entryPoint: EntryPoint | null;
  let note: string | null = null;

  if (e.type === 'rcm.state-transition') {
    const t = transitionRole(e.from, e.to);
    if (t === null) return null;
    ({ role, kind: opens, entryPoint } = t);
  } else {
    role = roleOf(r, n);
    if (role === null) return null;
    entryPoint = entryPointOf(r, role);
    opens = role.opens === 'phase' ? null : role.opens;
    const silenced = role.alone !== undefined && n.rcmView[role.alone];
    if (role.opens === 'phase' && resourceKey !== null && !silenced) {
      // The kind follows from what the resource was doing just before (a 1069 while coming online...).
      const phase = ctx.states.phaseBefore(resourceKey, r, ctx.compatible);
      // Causes standing alone (DLL errors, DNS/AD warnings) are reported by the Online path (domain.md §7).
      const k = kindOfPhase(phase, role.alone !== undefined ? 'online-failure' : 'health-check-failure');
      const terminating = e.type === 'rhs.terminating-resource';
      if (!terminating || phase === 'coming-online' || phase === 'going-offline') {
        opens = k.kind;
        entryPoint ??= k.entryPoint;
      }
      if (terminating && opens !== null) note = `terminated while ${phase === 'coming-online' ? 'coming online' : 'going offline'}`;
      if (role.alone === 'file' && opens !== null) note = 'reported only by the resource DLL (the file has no RCM or RHS record)';
      if (role.alone === 'collection' && opens !== null) note = 'reported only by the System log (no cluster log shows the failure)';
    }
  }
  if (opens === null && role.absorb.length === 0) return null;

  const downed: string[] = [];
  const nodeName = (id: number): string => ctx.topology.nodeName(id, ctx.certain) ?? `node ${id}`;
  if (e.type === 'node.new-view') for (const id of e.downers) downed.push(nodeName(id));
  if (e.type === 'node.connection-broken' && e.peerId !== null) downed.push(nodeName(e.peerId));
  if (e.type === 'eventlog.record' && e.eventId === 1135) {
    const node = param(e, 'node');
    if (node !== null) downed.push(node);
  }
  return {
    rec: r,
    t: r.t,
    pass: role.pass,
    opens,
    absorb: role.absorb,
    resource,
    // Type-level calls (ResourceTypeControl) name a type and no resource: the type is their subject.
    resourceType: resource === null ? resourceTypeOf(e) : null,
    group: groupOf(e) ?? (resourceKey !== null ? ctx.topology.resource(resourceKey).group : null),
    entryPoint,
    downed,
    note,
  };
}

/** A resource still pending at the end of its log, with the log going on past its PendingTimeout (§5). */
function pendingSignals(ctx: SignalContext): Signal[] {
  const out: Signal[] = [];
  for (const { enter, resourceKey } of ctx.states.openPending()) {
    const r = enter.rec;
    if (r.t === null) continue;
    const pt = ctx.topology.policies(resourceKey).pendingTimeoutMs;
    const end = ctx.fileEnd(r.file);
    if (end === null || end - r.t <= pt.value) continue;
    const online = /^OnlinePending$/i.test(enter.state);
    const resource = ctx.topology.displayName(resourceKey) ?? resourceOf(r.e);
    out.push({
      rec: r,
      t: r.t + pt.value,
      pass: 3,
      opens: online ? 'online-failure' : 'offline-failure',
      absorb: ABSORB.SELF,
      resource,
      resourceType: null,
      group: ctx.topology.resource(resourceKey).group,
      entryPoint: online ? 'Online' : 'Offline',
      downed: [],
      note: `stayed in ${enter.state} with no further state for more than PendingTimeout (${pt.value / 1000} s, ${pt.source})`,
    });
  }
  return out;
}
