/**
 * Builds the report's incident from a group of correlated records: resource, type, DLL, group, node,
 * RHS PID and entry point; when the call started and how long it overran; what the entry point was doing;
 * collateral, outcome and escalation; the timeline; the rules' root cause; severity.
 */
import type { Diagnostic, Incident } from '../shared/report.js';
import type { IncidentDraft } from '../rules/types.js';
import { activityOf } from './activities.js';
import { collateralOf } from './collateral.js';
import { anchorsOf, type BuildContext, type IncidentFacts } from './context.js';
import type { IncidentGroup } from './correlate.js';
import { escalationsOf } from './escalation.js';
import { diagnoseIncident, evidenceFor, mergeRecommendations, type EngineAdvice } from './evidence.js';
import { isoOf, isRhsSide, nameKey, nodeKeyOf, param } from './names.js';
import { between, recTime, type Rec } from './order.js';
import { outcomeOf, type OutcomeResult } from './outcome.js';
import { severityOf } from './severity.js';
import { findStart, overrunOf } from './start.js';
import { timelineOf, timelineWindow } from './timeline.js';

export type IncidentDraftOut = Omit<Incident, 'id'>;

/** An ISO time as `isoOf` writes it. */
const ISO_TIME = /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}\.\d{3})Z\b/g;

/**
 * Sentences read like the rest of the report (`readableUtc`): the outcome's builder still writes ISO
 * times, which are respelled here (same instant, same precision).
 */
function readableTimes(sentence: string): string {
  return sentence.replace(ISO_TIME, '$1 $2Z');
}

const RESOURCE_KINDS: ReadonlySet<string> = new Set(['deadlock', 'health-check-failure', 'online-failure', 'offline-failure']);

function resolveFacts(g: IncidentGroup, ctx: BuildContext): IncidentFacts {
  const own = g.recs((m) => m.via === 'same').sort((a, b) => a.seq - b.seq);
  const members = g.recs().sort((a, b) => a.seq - b.seq);
  const resourceKey = g.subject !== null && !g.subject.startsWith('type:') ? g.subject : null;
  const facts = resourceKey !== null ? ctx.topology.resource(resourceKey) : null;
  const anchors = anchorsOf(own, ctx.scope);
  const nodeKeys = new Set(anchors.map((r) => r.nodeKey));
  if (g.kind === 'node-down' || g.kind === 'quorum-loss') for (const k of g.nodeKeys) nodeKeys.add(k);
  const files = new Set(own.map((r) => r.file));
  for (const k of nodeKeys) for (const file of ctx.filesOfNode(k)) files.add(file);
  const detectT = g.detectT ?? g.firstT;
  const rhsSide = own.find((r) => isRhsSide(r.e) && r.e.pid !== null);
  const rhsPid =
    rhsSide?.e.pid ??
    (resourceKey !== null && RESOURCE_KINDS.has(g.kind) ? ctx.hosting.pidAt(files, resourceKey, detectT) : null);
  const downed = g.kind === 'node-down' ? (removedNodes(g, ctx.recs).nodes.find((d) => !/^node \d+$/.test(d)) ?? null) : null;
  return {
    kind: g.kind,
    resourceKey,
    resource: resourceKey !== null ? (ctx.topology.displayName(resourceKey) ?? g.resource) : g.resource,
    resourceType: facts?.type ?? g.resourceType,
    typeFrom: facts?.typeFrom ?? (g.resourceType !== null ? 'record' : null),
    group: facts?.group ?? g.group,
    dll: facts?.dll ?? members.map((r) => (r.e.type === 'rhs.exception' ? r.e.dll : param(r.e, 'dll'))).find((d) => d !== null) ?? null,
    entryPoint: g.entryPoint,
    node: g.kind === 'node-down' ? downed : ctx.scope.displayOf(own),
    nodeKeys,
    files,
    detectT,
    endT: own.reduce<number | null>((max, r) => (r.t !== null && (max === null || r.t > max) ? r.t : max), null),
    rhsPid: rhsPid ?? null,
    policies: ctx.topology.policies(resourceKey),
    own,
    members,
  };
}

/** Quorum lost by a node around a membership change marks it as the side that left. */
const QUORUM_WINDOW_MS = 60_000;

interface Removal {
  /** Nodes removed from membership, in the order the incident's records first name them. */
  readonly nodes: string[];
  /** Some of them name each other removed and nothing tells which side left. */
  readonly ambiguous: boolean;
}

/**
 * Nodes the incident's records say were removed. In a partition both sides log the other as gone (the
 * isolated node logs every peer down), so a claim counts only when its reporter did not itself leave.
 * Nodes that lost quorum, then nodes more reporters call down, are settled first; a node is removed when
 * a reporter that stayed calls it down. A bare id (`node 3`, when no record names it) is shown only when
 * no record of the incident names a node: with a name at hand it is most likely the same node.
 */
function removedNodes(g: IncidentGroup, recs: readonly Rec[]): Removal {
  const claims = new Map<string, { name: string; by: Set<string>; order: number }>();
  for (const m of g.members) {
    for (const d of m.signal.downed) {
      const key = nodeKeyOf(d);
      let c = claims.get(key);
      if (c === undefined) claims.set(key, (c = { name: d, by: new Set(), order: claims.size }));
      c.by.add(m.signal.rec.nodeKey);
    }
  }
  const named = [...claims.entries()].filter(([, c]) => !/^node \d+$/.test(c.name));
  const candidates = named.length > 0 ? named : [...claims.entries()];
  const lostQuorum = new Set<string>();
  if (g.firstT !== null) {
    for (const r of between(recs, recTime, g.firstT - QUORUM_WINDOW_MS, (g.lastT ?? g.firstT) + QUORUM_WINDOW_MS)) {
      if (r.e.type === 'quorum.lost' || (r.e.type === 'eventlog.record' && r.e.eventId === 1177)) lostQuorum.add(r.nodeKey);
    }
  }
  // A lost quorum outranks any number of reporters.
  const rank = ([key, c]: (typeof candidates)[number]): number => (lostQuorum.has(key) ? 1_000_000 : 0) + c.by.size;
  const removed = new Set<string>();
  const ranks = [...new Set(candidates.map(rank))].sort((a, b) => b - a);
  for (const r of ranks) {
    // Nodes of one rank are settled together: within it nothing says which side left.
    const settled = candidates.filter((x) => rank(x) === r && [...x[1].by].some((by) => !removed.has(by)));
    for (const [key] of settled) removed.add(key);
  }
  const out = candidates.filter(([key]) => removed.has(key)).sort((a, b) => a[1].order - b[1].order);
  const ambiguous = out.some(([key, c]) => out.some(([other, o]) => other !== key && c.by.has(other) && o.by.has(key)));
  return { nodes: out.map(([, c]) => c.name), ambiguous };
}

function titleOf(f: IncidentFacts, removal: Removal, reporters: string | null): string {
  const r = f.resource !== null ? `'${f.resource}'` : null;
  switch (f.kind) {
    case 'deadlock':
      if (r === null) return `${f.entryPoint ?? 'A'} call for resource type '${f.resourceType ?? '?'}' timed out (RHS deadlock)`;
      return f.entryPoint !== null ? `${f.entryPoint} call into ${r} timed out (RHS deadlock)` : `${r} hung in a resource DLL call (RHS deadlock)`;
    case 'health-check-failure':
      return `${r ?? 'A resource'} failed its ${f.entryPoint ?? 'health'} check`;
    case 'online-failure':
      return `${r ?? 'A resource'} failed to come online`;
    case 'offline-failure':
      return `${r ?? 'A resource'} failed to go offline`;
    case 'rhs-failure':
      return `Resource Hosting Subsystem failure${r !== null ? ` hosting ${r}` : ''} on ${f.node ?? 'a node'}`;
    case 'node-down': {
      const downed = removal.nodes;
      if (downed.length > 1) {
        return `Nodes ${downed.join(', ')} were removed from cluster membership${removal.ambiguous ? ' (each seen from another node)' : ''}`;
      }
      return f.node !== null
        ? `Node ${f.node} was removed from cluster membership`
        : `A node was removed from cluster membership${reporters !== null ? ` (seen from ${reporters})` : ''}`;
    }
    case 'quorum-loss':
      return `The cluster lost quorum on ${f.node ?? 'a node'}`;
    case 'csv-failure':
      return `Cluster Shared Volume ${r ?? ''} paused or failed on ${f.node ?? 'a node'}`.replace(/\s+/g, ' ');
    case 'cluster-service-failure':
      return `The cluster service failed on ${f.node ?? 'a node'}`;
  }
}

/** What the engine itself can recommend from the shape of the incident (the rules say why it happened). */
function engineAdvice(f: IncidentFacts, collateral: readonly string[], outcome: OutcomeResult): EngineAdvice[] {
  const advice: EngineAdvice[] = [];
  if (f.kind !== 'deadlock') return advice;
  // SeparateMonitor is a property of a resource: a resource-type call has none to set it on.
  if (f.resource !== null && collateral.length > 0 && outcome.outcome !== 'restarted-separate-monitor' && f.policies.separateMonitor.value === 0) {
    advice.push({
      text:
        `Run '${f.resource}' in a separate resource monitor (SeparateMonitor = 1) so that its hangs stop taking the ` +
        `resources of the shared RHS process down with it (${collateral.join(', ')}).`,
      coveredBy: /separate (?:resource )?monitor/i,
    });
  }
  if (f.detectT !== null && !outcome.rhsExited && outcome.outcome !== 'node-bugchecked') {
    advice.push({
      text:
        'Check whether the hung rhs.exe exited after the deadlock; if its termination hangs, take a process dump ' +
        'before the 0x9E deadline to see which call blocks.',
      coveredBy: /0x9E|bugcheck/i,
    });
  }
  return advice;
}

export interface BuiltIncident {
  readonly incident: IncidentDraftOut;
  readonly diagnostic: Diagnostic | null;
}

export function buildIncident(g: IncidentGroup, ctx: BuildContext): BuiltIncident {
  const f = resolveFacts(g, ctx);
  const start = findStart(f, ctx);
  const collateral = collateralOf(g, f, ctx);
  const outcome = outcomeOf(g, f, ctx);
  const escalation = escalationsOf(g, f, outcome, ctx);

  const follow = f.kind === 'deadlock' ? f.policies.deadlockTimeoutMs.value / 2 : 60_000;
  const window = timelineWindow(start.t, f.detectT, follow, [g.lastT, ...outcome.evidence.map((r) => r.t)]);
  const timeline = timelineOf(
    f,
    {
      ...window,
      resources: new Set([f.resourceKey, ...collateral.map(nameKey)].filter((k): k is string => k !== null)),
      extra: [...(start.anchor !== null ? [start.anchor] : []), ...outcome.evidence.map((r) => r.e)],
    },
    ctx,
  );

  const inferred = f.typeFrom === 'default name' ? ` (type inferred from the default name '${f.resource}')` : '';
  const activity = activityOf(f.resourceType, f.entryPoint);
  const draft: IncidentDraft = {
    kind: f.kind,
    node: f.node,
    resource: f.resource,
    resourceType: f.resourceType,
    group: f.group,
    dll: f.dll,
    entryPoint: f.entryPoint,
    detectedMs: f.detectT,
    startedMs: start.t,
    dependencies: f.resourceKey !== null ? ctx.topology.groupMates(f.resourceKey) : [],
    stuckThread: start.from === 'stuck-thread-last-line' && start.anchor !== null ? { pid: start.anchor.pid, tid: start.anchor.tid } : null,
    timeouts: {
      deadlockTimeoutMs: f.policies.deadlockTimeoutMs.value,
      pendingTimeoutMs: f.policies.pendingTimeoutMs.value,
      source: f.policies.deadlockTimeoutMs.source,
    },
  };
  const diagnosis = diagnoseIncident(draft, evidenceFor(f, start.t, ctx), ctx);

  const reporters = [...new Set(f.own.map((r) => ctx.scope.displayOf([r])).filter((n) => n !== null))].join(', ') || null;
  const notes = g.members.filter((m) => m.via === 'same').map((m) => m.signal.note).filter((n): n is string => n !== null);
  return {
    incident: {
      kind: f.kind,
      severity: severityOf(f.kind, outcome.outcome, collateral.length, escalation.length),
      title: titleOf(f, f.kind === 'node-down' ? removedNodes(g, ctx.recs) : { nodes: [], ambiguous: false }, reporters),
      node: f.node,
      resource: f.resource,
      resourceType: f.resourceType,
      group: f.group,
      dll: f.dll,
      entryPoint: f.entryPoint,
      rhsPid: f.rhsPid,
      startedAt: isoOf(start.t),
      startedFrom: start.from,
      detectedAt: isoOf(f.detectT),
      timeoutMs: start.timeoutMs,
      overrunMs: overrunOf(f, start),
      activity: activity !== null ? `${activity}${inferred}` : null,
      outcome: outcome.outcome,
      outcomeDetail: [outcome.detail, ...new Set(notes)].filter((s) => s !== null).map(readableTimes).join('; ') || null,
      failedOverTo: outcome.failedOverTo,
      collateral,
      escalation,
      rootCause: diagnosis.rootCause,
      recommendations: mergeRecommendations(diagnosis.recommendations, engineAdvice(f, collateral, outcome)),
      timeline,
    },
    diagnostic: diagnosis.diagnostic,
  };
}
