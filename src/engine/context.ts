/** What the incident builders share: ordered records, cluster facts, state and hosting history, evidence. */
import type { ClusterEvent, EntryPoint } from '../events/types.js';
import type { IncidentKind } from '../shared/report.js';
import type { RulesPort } from './rules-port.js';
import type { HostingTracker } from './hosting.js';
import type { ResourcePolicies } from './model.js';
import type { NodeScope, Origin, Rec } from './order.js';
import type { ResourceStates } from './states.js';
import type { Topology } from './topology.js';

export interface BuildContext {
  /** Significant records in timeline order. */
  readonly recs: readonly Rec[];
  readonly scope: NodeScope;
  readonly topology: Topology;
  readonly hosting: HostingTracker;
  readonly states: ResourceStates;
  /** Retained evidence records (rings, pinned, significant), sorted by UTC time, untimed last. */
  readonly evidence: readonly ClusterEvent[];
  readonly rules: RulesPort;
  readonly filesOfNode: (nodeKey: string) => ReadonlySet<string>;
  readonly fileEnd: (file: string) => number | null;
}

/** The facts of an incident that every builder needs, resolved once. */
export interface IncidentFacts {
  readonly kind: IncidentKind;
  /** Resource key (lower case) of the culprit, or null. */
  readonly resourceKey: string | null;
  readonly resource: string | null;
  readonly resourceType: string | null;
  readonly typeFrom: string | null;
  readonly group: string | null;
  readonly dll: string | null;
  readonly entryPoint: EntryPoint | null;
  /** Display node: the resource's node, the removed node for node-down, the reporting node otherwise. */
  readonly node: string | null;
  /** Nodes of the incident's records whose node is known (all records' nodes when none is). */
  readonly nodeKeys: ReadonlySet<string>;
  /** Files of the incident's nodes (hosting and state look-ups). */
  readonly files: ReadonlySet<string>;
  readonly detectT: number | null;
  /** Time of the incident's last own record (the last attempt of a retry loop). */
  readonly endT: number | null;
  readonly rhsPid: number | null;
  readonly policies: ResourcePolicies;
  /** Records of the incident itself (all sources), in timeline order. */
  readonly own: readonly Rec[];
  /** Every member record, symptoms and collateral included. */
  readonly members: readonly Rec[];
}

/**
 * Does a record concern one of the incident's nodes? The incident's records whose node is known decide;
 * only when all of them come from fallback-named inputs may any node be meant.
 */
export function onIncidentNode(f: IncidentFacts, scope: NodeScope, at: Origin): boolean {
  return f.nodeKeys.has(at.nodeKey) || anchorsOf(f.own, scope).some((r) => scope.compatible(r, at));
}

/** The records that say which node something is about: those with a known node, else all of them. */
export function anchorsOf(recs: readonly Rec[], scope: NodeScope): readonly Rec[] {
  const certain = recs.filter((r) => scope.isCertain(r.file));
  return certain.length > 0 ? certain : recs;
}
