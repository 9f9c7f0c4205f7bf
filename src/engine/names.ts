/** Uniform access to what an event is about (resource, group, node), and name keys for comparisons. */
import type { ClusterEvent } from '../events/types.js';
import { normaliseNode } from '../shared/node-name.js';

/** Resource and group names compare case-insensitively (cluster object names are case-insensitive). */
const nameKeys = new Map<string, string>();
/** The last name asked: a record's name is asked for by topology, hosting and retention in turn. */
let lastName = '';
let lastKey = '';

export function nameKey(name: string): string {
  if (name === lastName) return lastKey;
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = name.trim().toLowerCase();
    if (nameKeys.size < 100_000) nameKeys.set(name, key);
  }
  lastName = name;
  lastKey = key;
  return key;
}

/** Node names repeat on every record: normalise each distinct spelling once. */
const nodeKeys = new Map<string, string>();

export function nodeKeyOf(node: string): string {
  let key = nodeKeys.get(node);
  if (key === undefined) {
    key = normaliseNode(node);
    if (nodeKeys.size < 10_000) nodeKeys.set(node, key);
  }
  return key;
}

/** A parameter of an event-log record, from the catalogue's named params, then raw EventData. */
export function param(e: ClusterEvent, ...names: string[]): string | null {
  if (e.type !== 'eventlog.record') return null;
  for (const n of names) {
    const v = e.params[n] ?? e.data?.[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/** The resource an event is about, as written; null for node-level and group-level records. */
export function resourceOf(e: ClusterEvent): string | null {
  switch (e.type) {
    case 'rhs.call-timeout':
    case 'res.message':
    case 'rhs.exception':
      return e.resource;
    case 'rhs.deadlock-handling':
      // The type form names a resource type, not a resource (loose check: producers that predate the field omit it).
      return e.resourceType != null ? null : e.resource;
    case 'rhs.health-check-failed':
    case 'rhs.cannot-come-online':
    case 'rhs.call-failed':
    case 'rhs.resource-online':
    case 'rhs.resource-offline':
    case 'rhs.terminating-resource':
    case 'rcm.state-transition':
    case 'rcm.issuing-call':
    case 'rcm.monitor-reply':
    case 'rcm.crashed-or-deadlocked':
    case 'rcm.monitor-restart':
    case 'rcm.reattach':
    case 'rcm.separate-monitor-changed':
    case 'rcm.resource-control-error':
    case 'rcm.arbitrate-error':
      return e.resource;
    case 'rcm.failover-decision':
      return e.resource;
    case 'eventlog.record':
      return param(e, 'resource');
    default:
      return null;
  }
}

/** The group (clustered role) an event names, if any. */
export function groupOf(e: ClusterEvent): string | null {
  switch (e.type) {
    case 'rcm.group-state':
    case 'rcm.group-move':
      return e.group;
    case 'rcm.failover-decision':
      return e.group;
    case 'eventlog.record':
      return param(e, 'group');
    default:
      return null;
  }
}

/** The resource type an event states, if any. */
export function resourceTypeOf(e: ClusterEvent): string | null {
  switch (e.type) {
    case 'res.message':
      return e.resourceType;
    case 'rhs.call-timeout':
    case 'rhs.deadlock-handling':
    case 'rhs.exception':
      return e.resourceType ?? null;
    case 'eventlog.record':
      return param(e, 'resourceType');
    default:
      return null;
  }
}

/** Records written by the RHS process itself (its PID is the RHS PID): `[RHS]` lines and DLL `[RES]` lines. */
export function isRhsSide(e: ClusterEvent): boolean {
  return e.sourceKind === 'cluster-log' && (e.type === 'res.message' || e.type.startsWith('rhs.'));
}

/** Event name used in timelines: the typed event type, or `eventlog.<id>` for event-log records. */
export function eventName(e: ClusterEvent): string {
  if (e.type !== 'eventlog.record') return e.type;
  return e.eventId !== null ? `eventlog.${e.eventId}` : 'eventlog.record';
}

/** Text shown for a record: the message of an event-log record, the line text otherwise. */
export function textOf(e: ClusterEvent): string {
  return e.type === 'eventlog.record' && e.message !== '' ? e.message : e.text;
}

export function isoOf(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
