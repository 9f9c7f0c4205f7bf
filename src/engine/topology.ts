/**
 * What the cluster looks like: resource types, groups and DLLs, policies per resource (2016+ object
 * tables override the documented defaults), and node ids. Learned from `config.row` records and from the
 * facts individual records state (RES lines name their type, 1069 names the group...). Bounded by the
 * number of cluster objects, not by input size.
 */
import type { ClusterEvent, ObjectRowEvent } from '../events/types.js';
import {
  COLUMNS,
  DEFAULT_GROUP_POLICIES,
  DEFAULT_POLICIES,
  DEFAULT_RESOURCE_NAMES,
  POLICY_COLUMNS,
  TYPE_DEFAULT_POLICIES,
  TYPE_DLLS,
  USE_TYPE_VALUE,
  parsePolicyCell,
  type PolicyName,
  type PolicyValue,
  type ResourcePolicies,
} from './model.js';
import { groupOf, nameKey, param, resourceOf, resourceTypeOf } from './names.js';

export interface ResourceFacts {
  readonly name: string;
  readonly type: string | null;
  /** Where the type came from: `table`, `record`, `default name` (an inference from Windows' naming). */
  readonly typeFrom: 'table' | 'record' | 'default name' | null;
  readonly group: string | null;
  readonly dll: string | null;
}

type Row = ReadonlyMap<string, string>;

function lowerRow(row: Readonly<Record<string, string>>): Row {
  return new Map(Object.entries(row).map(([k, v]) => [k.trim().toLowerCase(), v]));
}

function cell(row: Row | undefined, names: readonly string[]): string | null {
  if (row === undefined) return null;
  for (const n of names) {
    const v = row.get(n.toLowerCase());
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

const tableIs = (table: string, ...names: string[]): boolean => {
  const t = table.replace(/\s+/g, '').toLowerCase();
  return names.some((n) => n.replace(/\s+/g, '').toLowerCase() === t);
};

export class Topology {
  private readonly resourceRows = new Map<string, Row>();
  private readonly typeRows = new Map<string, Row>();
  private readonly groupRows = new Map<string, Row>();
  private readonly names = new Map<string, string>();
  private readonly types = new Map<string, string>();
  private readonly groups = new Map<string, string>();
  private readonly dlls = new Map<string, string>();
  /** Node id → name, and the file that said so (null for the Nodes table, which names nodes itself). */
  private readonly nodeNames = new Map<number, { name: string; file: string | null }>();

  /**
   * Feeds one record (hot path: a few map look-ups). Returns false when the record taught nothing new:
   * every fact but the object tables is first-come, so a record that adds nothing to a file's own
   * topology adds nothing to the collection's either (what lets a worker send only the records that did).
   */
  learn(e: ClusterEvent): boolean {
    // RES lines, a quarter of a log, state a name and a type only.
    if (e.type === 'res.message') return e.resource !== null && this.learnResource(e.resource, e.resourceType, null, null);
    if (e.type === 'config.row') {
      this.learnRow(e);
      return true;
    }
    if (e.type === 'log.header' || e.type === 'generic') return false;
    if ((e.type === 'node.new-view' || e.type === 'node.connection-broken' || e.type === 'node.disconnected') && e.nodeId !== null) {
      // `Node 2: …` lines are written by node 2 about itself: its id is the file's node.
      if (this.nodeNames.has(e.nodeId)) return false;
      this.nodeNames.set(e.nodeId, { name: e.node, file: e.source.file });
      return true;
    }
    const resource = resourceOf(e);
    if (resource === null) return false;
    return this.learnResource(resource, resourceTypeOf(e), groupOf(e), param(e, 'dll'));
  }

  /** The facts a record states about a resource; the first of each kind wins. */
  private learnResource(resource: string, type: string | null, group: string | null, dll: string | null): boolean {
    const key = nameKey(resource);
    let learnt = false;
    if (!this.names.has(key)) {
      this.names.set(key, resource);
      learnt = true;
    }
    if (type !== null && type !== '' && !this.types.has(key)) {
      this.types.set(key, type);
      learnt = true;
    }
    if (group !== null && !this.groups.has(key)) {
      this.groups.set(key, group);
      learnt = true;
    }
    if (dll !== null && !this.dlls.has(key)) {
      this.dlls.set(key, dll);
      learnt = true;
    }
    return learnt;
  }

  private learnRow(e: ObjectRowEvent): void {
    const row = lowerRow(e.row);
    if (tableIs(e.table, 'Nodes')) {
      const id = parsePolicyCell(cell(row, COLUMNS.nodeId) ?? undefined);
      const name = cell(row, COLUMNS.nodeName);
      if (id !== null && name !== null) this.nodeNames.set(id, { name, file: null });
      return;
    }
    const name = cell(row, COLUMNS.name);
    if (name === null) return;
    const key = nameKey(name);
    if (tableIs(e.table, 'Resources')) {
      this.resourceRows.set(key, row);
      this.names.set(key, name);
    } else if (tableIs(e.table, 'Resource Types', 'ResourceTypes')) this.typeRows.set(key, row);
    else if (tableIs(e.table, 'Groups')) this.groupRows.set(key, row);
  }

  /** Largest DeadlockTimeout configured in the tables, for the evidence look-back. */
  maxDeadlockTimeoutMs(): number {
    let max = DEFAULT_POLICIES.deadlockTimeoutMs.value;
    for (const row of [...this.resourceRows.values(), ...this.typeRows.values()]) {
      const v = parsePolicyCell(cell(row, ['DeadlockTimeout']) ?? undefined);
      if (v !== null && v !== USE_TYPE_VALUE) max = Math.max(max, v);
    }
    return max;
  }

  displayName(resourceKey: string): string | null {
    return this.names.get(resourceKey) ?? null;
  }

  resource(resourceKey: string): ResourceFacts {
    const row = this.resourceRows.get(resourceKey);
    const name = this.names.get(resourceKey) ?? resourceKey;
    const tableType = cell(row, COLUMNS.resourceType);
    const recordType = this.types.get(resourceKey) ?? null;
    const defaultType = DEFAULT_RESOURCE_NAMES.find((d) => d.name.test(name))?.type ?? null;
    const type = tableType ?? recordType ?? defaultType;
    const typeFrom = tableType !== null ? 'table' : recordType !== null ? 'record' : defaultType !== null ? 'default name' : null;
    const typeRow = type !== null ? this.typeRows.get(nameKey(type)) : undefined;
    const dll =
      this.dlls.get(resourceKey) ?? cell(typeRow, COLUMNS.dll) ?? (type !== null ? (TYPE_DLLS[nameKey(type)] ?? null) : null);
    return { name, type, typeFrom, group: cell(row, COLUMNS.group) ?? this.groups.get(resourceKey) ?? null, dll };
  }

  /** Other resources of the same group: what the resource may depend on (the tables carry no dependency list). */
  groupMates(resourceKey: string): string[] {
    const group = this.resource(resourceKey).group;
    if (group === null) return [];
    const g = nameKey(group);
    const out: string[] = [];
    for (const key of new Set([...this.resourceRows.keys(), ...this.groups.keys()])) {
      if (key !== resourceKey && this.resource(key).group !== null && nameKey(this.resource(key).group!) === g) {
        out.push(this.names.get(key) ?? key);
      }
    }
    return out.sort();
  }

  /**
   * Policies of a resource: the Resources table, then the Resource Types table (for timeouts and poll
   * intervals, where 0xFFFFFFFF means "use the type's value"), then per-type and generic defaults.
   */
  policies(resourceKey: string | null): ResourcePolicies {
    const facts = resourceKey !== null ? this.resource(resourceKey) : null;
    const row = resourceKey !== null ? this.resourceRows.get(resourceKey) : undefined;
    const typeKey = facts?.type != null ? nameKey(facts.type) : null;
    const typeRow = typeKey !== null ? this.typeRows.get(typeKey) : undefined;
    const typeDefaults = typeKey !== null ? TYPE_DEFAULT_POLICIES[typeKey] : undefined;
    const out = { ...DEFAULT_POLICIES } as Record<PolicyName, PolicyValue>;
    for (const { policy, column, scale } of POLICY_COLUMNS) {
      const own = parsePolicyCell(cell(row, [column]) ?? undefined);
      const ofType = parsePolicyCell(cell(typeRow, [column]) ?? undefined);
      const typeDefault = typeDefaults?.[policy];
      if (own !== null && own !== USE_TYPE_VALUE) out[policy] = { value: own * scale, source: `Resources table (${column})` };
      else if (ofType !== null && ofType !== USE_TYPE_VALUE) out[policy] = { value: ofType * scale, source: `Resource Types table (${column})` };
      else if (typeDefault !== undefined) out[policy] = { value: typeDefault, source: `default for ${facts?.type} (domain.md §6)` };
    }
    // PendingTimeout cannot exceed DeadlockTimeout: the lower wins (domain.md §6).
    if (out.pendingTimeoutMs.value > out.deadlockTimeoutMs.value) {
      out.pendingTimeoutMs = { value: out.deadlockTimeoutMs.value, source: `${out.deadlockTimeoutMs.source}, caps PendingTimeout` };
    }
    return out;
  }

  /** FailoverThreshold and FailoverPeriod of a group: the Groups table (FailoverPeriod in hours), else defaults. */
  groupPolicies(group: string): { failoverThreshold: string; failoverPeriod: string } {
    const row = this.groupRows.get(nameKey(group));
    const threshold = parsePolicyCell(cell(row, COLUMNS.failoverThreshold) ?? undefined);
    const period = parsePolicyCell(cell(row, COLUMNS.failoverPeriod) ?? undefined);
    const defaults = DEFAULT_GROUP_POLICIES;
    return {
      failoverThreshold: threshold === null || threshold === USE_TYPE_VALUE ? defaults.failoverThreshold : `${threshold} (Groups table)`,
      failoverPeriod: period === null ? `${defaults.failoverPeriodMs / 3_600_000} h (default)` : `${period} h (Groups table)`,
    };
  }

  /** Name of a node id; `trusted` rejects names that are only a file's fallback node name. */
  nodeName(id: number, trusted: (file: string) => boolean = () => true): string | null {
    const n = this.nodeNames.get(id);
    return n !== undefined && (n.file === null || trusted(n.file)) ? n.name : null;
  }
}
