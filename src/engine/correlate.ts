/**
 * Groups failure signals into incidents: one real failure is one incident, however many sources report
 * it. A signal first tries to join an incident it is a symptom of (its `absorb` list, in order), then an
 * incident of its own kind about the same subject, and only then opens a new incident.
 */
import type { EntryPoint } from '../events/types.js';
import type { IncidentKind } from '../shared/report.js';
import type { HostingTracker } from './hosting.js';
import { nameKey, nodeKeyOf } from './names.js';
import type { NodeScope, Rec } from './order.js';
import { windowFor, type Relation } from './roles.js';
import type { Signal } from './signals.js';
import type { Topology } from './topology.js';

export interface Member {
  readonly signal: Signal;
  /** `same`: another report of the incident itself; otherwise how the symptom relates to it. */
  readonly via: Relation | 'same';
}

/** Event-log times have whole seconds: a log record this close to one reports the same moment. */
const SAME_MOMENT_MS = 2_000;

/** Without times, records of one file belong together only when close in the file. */
const LINE_WINDOW = 500;

const RESOURCE_KINDS: ReadonlySet<IncidentKind> = new Set(['deadlock', 'health-check-failure', 'online-failure', 'offline-failure']);

/** Subject of a signal: its resource, or its resource type for type-level calls. */
function subjectKey(s: Signal): string | null {
  if (s.resource !== null) return nameKey(s.resource);
  return s.resourceType !== null && s.resourceType !== '' ? `type:${nameKey(s.resourceType)}` : null;
}

export class IncidentGroup {
  readonly members: Member[] = [];
  readonly nodeKeys = new Set<string>();
  subject: string | null = null;
  resource: string | null = null;
  resourceType: string | null = null;
  group: string | null = null;
  entryPoint: EntryPoint | null = null;
  /** Span of all members' times. */
  firstT: number | null = null;
  lastT: number | null = null;
  /** Earliest own report, and earliest own report from a cluster log. */
  private firstOwnT: number | null = null;
  private firstLogT: number | null = null;

  constructor(
    readonly kind: IncidentKind,
    readonly seq: number,
  ) {}

  add(signal: Signal, via: Relation | 'same'): void {
    this.members.push({ signal, via });
    // An RHS failure is about the resource RCM reports as crashed on its node.
    const crashed = this.kind === 'rhs-failure' && via === 'node' && signal.rec.e.type === 'rcm.crashed-or-deadlocked';
    const own = via === 'same' || via === 'self' || crashed;
    if (own || this.members.length === 1) {
      this.subject ??= subjectKey(signal);
      this.resource ??= signal.resource;
      this.resourceType ??= signal.resourceType;
      this.entryPoint ??= signal.entryPoint;
    }
    if (via !== 'collateral') this.group ??= signal.group;
    if (via !== 'cluster' && via !== 'collateral') this.nodeKeys.add(signal.rec.nodeKey);
    for (const d of signal.downed) this.nodeKeys.add(nodeKeyOf(d));
    if (signal.t !== null) {
      if (via === 'same') {
        if (this.firstOwnT === null || signal.t < this.firstOwnT) this.firstOwnT = signal.t;
        if (signal.rec.e.sourceKind === 'cluster-log' && (this.firstLogT === null || signal.t < this.firstLogT)) this.firstLogT = signal.t;
      }
      if (this.firstT === null || signal.t < this.firstT) this.firstT = signal.t;
      if (this.lastT === null || signal.t > this.lastT) this.lastT = signal.t;
    }
  }

  /**
   * Detection: the earliest of the incident's own reports. A cluster-log record (millisecond times) of
   * the same moment is preferred to an event-log record (whole seconds).
   */
  get detectT(): number | null {
    const own = this.firstOwnT;
    if (own === null) return null;
    return this.firstLogT !== null && this.firstLogT - own <= SAME_MOMENT_MS ? this.firstLogT : own;
  }

  recs(filter?: (m: Member) => boolean): Rec[] {
    return this.members.filter((m) => filter?.(m) ?? true).map((m) => m.signal.rec);
  }
}

export interface CorrelationContext {
  readonly scope: NodeScope;
  readonly topology: Topology;
  readonly hosting: HostingTracker;
  /** Files of a node (for hosting look-ups). */
  readonly filesOfNode: (nodeKey: string) => ReadonlySet<string>;
}

export function correlate(signals: readonly Signal[], ctx: CorrelationContext): IncidentGroup[] {
  const groups: IncidentGroup[] = [];
  const ordered = [...signals].sort(
    (a, b) => a.pass - b.pass || (a.t === null ? 1 : 0) - (b.t === null ? 1 : 0) || (a.t ?? 0) - (b.t ?? 0) || a.rec.seq - b.rec.seq,
  );
  for (const s of ordered) {
    const absorbed = findAbsorber(groups, s, ctx);
    if (absorbed !== null) {
      // A record that would open an incident of this kind, about its resource or node, is another report of it.
      const again = s.opens === absorbed.group.kind && (absorbed.via === 'self' || absorbed.via === 'node');
      absorbed.group.add(s, again ? 'same' : absorbed.via);
      continue;
    }
    if (s.opens === null) continue;
    const same = best(groups.filter((g) => g.kind === s.opens && sameIncident(g, s, ctx)), s);
    if (same !== null) same.add(s, 'same');
    else {
      const g = new IncidentGroup(s.opens, groups.length);
      g.add(s, 'same');
      groups.push(g);
    }
  }
  return groups;
}

function findAbsorber(groups: readonly IncidentGroup[], s: Signal, ctx: CorrelationContext): { group: IncidentGroup; via: Relation } | null {
  for (const entry of s.absorb) {
    for (const via of entry.via) {
      const candidates = groups.filter((g) => {
        if (g.kind !== entry.into || !holds(via, g, s, ctx)) return false;
        const w = entry.within ?? windowFor(g.kind, via, deadlockTimeoutOf(g, ctx));
        return inWindow(g, s, w.before, w.after, w.from);
      });
      const found = best(candidates, s);
      if (found !== null) return { group: found, via };
    }
  }
  return null;
}

/**
 * Every node logs a membership change within seconds by its own clock; a node whose clock runs minutes
 * ahead or behind still reports the same removal, provided it has not reported this one already (a second
 * report from one node is a second removal).
 */
const SKEWED_REPORT_MS = 10 * 60_000;

function skewedReportOfSameRemoval(g: IncidentGroup, s: Signal): boolean {
  if (s.t === null || g.firstT === null || s.downed.length === 0) return false;
  if (Math.abs(s.t - (g.detectT ?? g.firstT)) > SKEWED_REPORT_MS) return false;
  const downed = new Set(g.members.flatMap((m) => m.signal.downed.map(nodeKeyOf)));
  if (!s.downed.some((d) => downed.has(nodeKeyOf(d)))) return false;
  return !g.members.some((m) => m.signal.rec.nodeKey === s.rec.nodeKey);
}

function sameIncident(g: IncidentGroup, s: Signal, ctx: CorrelationContext): boolean {
  const w = windowFor(g.kind, 'same', deadlockTimeoutOf(g, ctx));
  if (!inWindow(g, s, w.before, w.after, w.from)) return g.kind === 'node-down' && skewedReportOfSameRemoval(g, s);
  const key = subjectKey(s);
  switch (g.kind) {
    case 'node-down':
    case 'quorum-loss':
      return true; // cluster-wide events: every node reports the same membership change
    case 'csv-failure':
      return key === null || g.subject === null || key === g.subject;
    case 'rhs-failure':
    case 'cluster-service-failure':
      return nodeCompatible(g, s, ctx);
    default:
      return (key === null || g.subject === null || key === g.subject) && nodeCompatible(g, s, ctx);
  }
}

/** Records of a fallback-named input join an incident, but only records with a known node place it. */
function nodeCompatible(g: IncidentGroup, s: Signal, ctx: CorrelationContext): boolean {
  const placing = g.members.filter((m) => m.via !== 'cluster' && m.via !== 'collateral').map((m) => m.signal.rec);
  const certain = placing.filter((r) => ctx.scope.isCertain(r.file));
  if (certain.length > 0) return certain.some((r) => ctx.scope.compatible(r, s.rec));
  return g.nodeKeys.has(s.rec.nodeKey) || placing.some((r) => ctx.scope.compatible(r, s.rec));
}

function holds(via: Relation, g: IncidentGroup, s: Signal, ctx: CorrelationContext): boolean {
  const key = subjectKey(s);
  switch (via) {
    case 'self':
      return key !== null && key === g.subject && nodeCompatible(g, s, ctx);
    case 'group':
      return key === null && s.group !== null && g.group !== null && nameKey(s.group) === nameKey(g.group);
    case 'node':
      return nodeCompatible(g, s, ctx);
    case 'cluster':
      return true;
    case 'collateral':
      return key !== null && key !== g.subject && nodeCompatible(g, s, ctx) && sameRhs(g, s, ctx);
  }
}

/** A resource known to live in another RHS process than the culprit at detection is not collateral. */
function sameRhs(g: IncidentGroup, s: Signal, ctx: CorrelationContext): boolean {
  if (!RESOURCE_KINDS.has(g.kind) && g.kind !== 'rhs-failure') return true;
  const culpritPid = g.members.find((m) => m.via === 'same' && m.signal.rec.e.pid !== null && m.signal.rec.e.type.startsWith('rhs.'))
    ?.signal.rec.e.pid;
  if (culpritPid === undefined || culpritPid === null || s.resource === null) return true;
  const pid = ctx.hosting.pidAt(ctx.filesOfNode(s.rec.nodeKey), nameKey(s.resource), g.detectT);
  return pid === null || pid === culpritPid;
}

function deadlockTimeoutOf(g: IncidentGroup, ctx: CorrelationContext): number {
  const key = g.subject !== null && !g.subject.startsWith('type:') ? g.subject : null;
  return ctx.topology.policies(key).deadlockTimeoutMs.value;
}

function inWindow(g: IncidentGroup, s: Signal, before: number, after: number, from: 'last' | 'detection'): boolean {
  if (s.t === null || g.firstT === null) {
    // No time on one side: records of the same file must be close in it; across files nothing contradicts.
    const sameFile = g.members.filter((m) => m.signal.rec.file === s.rec.file);
    return sameFile.length === 0 || sameFile.some((m) => Math.abs(m.signal.rec.line - s.rec.line) <= LINE_WINDOW);
  }
  const anchor = from === 'detection' ? (g.detectT ?? g.firstT) : g.lastT!;
  return s.t >= (g.detectT ?? g.firstT) - before && s.t <= anchor + after;
}

/** The group closest in time to the signal; without times, the one sharing its file, else the latest. */
function best(candidates: readonly IncidentGroup[], s: Signal): IncidentGroup | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  const score = (g: IncidentGroup): number => {
    if (s.t !== null && g.firstT !== null) return Math.abs(s.t - (g.detectT ?? g.firstT));
    const sameFile = g.members.filter((m) => m.signal.rec.file === s.rec.file);
    if (sameFile.length > 0) return Math.min(...sameFile.map((m) => Math.abs(m.signal.rec.line - s.rec.line)));
    return Number.MAX_SAFE_INTEGER - g.seq;
  };
  return [...candidates].sort((a, b) => score(a) - score(b) || b.seq - a.seq)[0] ?? null;
}
