/**
 * Building blocks shared by the signature tables: where RES text can arrive, resource-type
 * patterns, incident filters and small text helpers for explanations.
 */
import type { ClusterEvent, EntryPoint, EventType } from '../events/types.js';
import type { IncidentKind } from '../shared/report.js';
import { resourceTypeOf, subjectOf } from './match.js';
import type { IncidentDraft } from './types.js';

/**
 * Where resource-DLL text shows up: typed RES lines, RES lines the parser left generic, and
 * event-log pass-through records 2049–2051 that carry `[RES] ...` text (domain.md §7).
 * Spread into a signature: `{ ...RES_TEXT, name: ..., pattern: ... }`.
 */
export const RES_TEXT = {
  on: ['res.message', 'generic', 'eventlog.record'] as readonly EventType[],
  components: ['RES'] as readonly string[],
};

/** Every record that carries free text worth reading: RES lines, generic lines at WARN+ and event-log records. */
export const ANY_TEXT: readonly EventType[] = ['res.message', 'generic', 'eventlog.record'];

/** Resource types by family (domain.md §2, §9). */
export const NETWORK_NAME = /^(?:Distributed )?Network Name$/i;
export const PHYSICAL_DISK = /^(?:Physical Disk|Cluster Shared Volume|Storage Pool|Disk|Storage QoS Policy Manager)$/i;
export const FILE_SHARE_WITNESS = /^File Share Witness$/i;
export const CLOUD_WITNESS = /^Cloud Witness$/i;
export const IP_ADDRESS = /^(?:IP Address|IPv6 Address|IPv6 Tunnel Address)$/i;
export const SQL_SERVER = /^SQL Server(?: Availability Group| Agent)?$/i;
export const VIRTUAL_MACHINE = /^Virtual Machine(?: Configuration| Replication Broker)?$/i;

/** Incidents about one resource, where evidence on that resource and thread is what counts. */
export const RESOURCE_KINDS: readonly IncidentKind[] = [
  'deadlock',
  'health-check-failure',
  'online-failure',
  'offline-failure',
  'rhs-failure',
  'csv-failure',
];

/** Incidents about cluster membership, where evidence from every node counts. */
export const MEMBERSHIP_KINDS: readonly IncidentKind[] = ['node-down', 'quorum-loss', 'cluster-service-failure'];

export interface IncidentFilter {
  readonly kinds?: readonly IncidentKind[];
  /** Tested against the incident's resource type. */
  readonly resourceType?: RegExp;
  readonly entryPoints?: readonly EntryPoint[];
}

/** Declarative `appliesTo`: every given field must hold. */
export function incidentIs(filter: IncidentFilter): (incident: IncidentDraft) => boolean {
  return (i) =>
    (filter.kinds === undefined || filter.kinds.includes(i.kind)) &&
    (filter.resourceType === undefined || (i.resourceType !== null && filter.resourceType.test(i.resourceType))) &&
    (filter.entryPoints === undefined || (i.entryPoint !== null && filter.entryPoints.includes(i.entryPoint)));
}

/**
 * Does the record concern the incident's resource or one of its dependencies? For a resource-type call
 * (no resource, a type): a record of that type that names no resource, as the DLL logs type-level work
 * (`[RES] Network Name: ValidateNetname: ...`).
 */
export function isAboutIncident(e: ClusterEvent, incident: IncidentDraft): boolean {
  const s = subjectOf(e);
  if (incident.resource === null) return s === null && isOfIncidentType(e, incident);
  if (s === null) return false;
  const lower = s.toLowerCase();
  return (
    (incident.resource !== null && incident.resource.toLowerCase() === lower) ||
    incident.dependencies.some((d) => d.toLowerCase() === lower)
  );
}

/** Is the record a resource-DLL record of the incident's resource type (case-insensitive)? */
export function isOfIncidentType(e: ClusterEvent, incident: IncidentDraft): boolean {
  const type = resourceTypeOf(e);
  return type !== null && incident.resourceType !== null && type.trim().toLowerCase() === incident.resourceType.trim().toLowerCase();
}

/**
 * A node name fit for a sentence, or null. Inputs without a node name fall back to their file name
 * (input summary `nodeFrom: file name (fallback)`), which must not read as a server name.
 */
export function nodeName(name: string | null | undefined): string | null {
  if (name === null || name === undefined || name === '') return null;
  if (/[\\/]|\.(?:log|txt|csv|tsv|evtx|etl|xml|json|gz|zip)$/i.test(name)) return null;
  return name;
}

/** ` on NODE1` for the incident's node, or ''. */
export function atNode(incident: IncidentDraft): string {
  const n = nodeName(incident.node);
  return n !== null ? ` on ${n}` : '';
}

/** The node a record came from, for recommendations, or `fallback`. */
export function recordNode(e: ClusterEvent, fallback = 'the node'): string {
  return nodeName(e.node) ?? fallback;
}

/** The resource name a record is about, quoted, or a fallback. */
export function subjectName(e: ClusterEvent, fallback = 'the resource'): string {
  const s = subjectOf(e);
  return s !== null ? `'${s}'` : fallback;
}

/** Which of `codes` (whole words, case-insensitive) appear in `text`, in the order of `codes`. */
export function codesIn(text: string, codes: readonly string[]): string[] {
  const found: string[] = [];
  for (const c of codes) {
    if (new RegExp(`(?:^|[^0-9a-z])${c}(?![0-9a-z])`, 'i').test(text)) found.push(c);
  }
  return found;
}

/** The first `\\server\share` path in a text, or null. */
export function sharePathIn(text: string): string | null {
  const m = /\\\\(?!\?\\)[^\\\s'"]+\\[^\\\s'",]+/.exec(text);
  return m ? m[0] : null;
}

/** The incident's node, for recommendations. */
export function nodeOf(incident: IncidentDraft, fallback = 'the node'): string {
  return nodeName(incident.node) ?? fallback;
}

/** ` of 'X'` for the incident's resource, or '' when it has none (node-level incidents). */
export function ofResource(incident: IncidentDraft): string {
  return incident.resource !== null ? ` of '${incident.resource}'` : '';
}

/** The incident's resource, quoted, for sentences. */
export function resourceOf(incident: IncidentDraft, fallback = 'the resource'): string {
  return incident.resource !== null ? `'${incident.resource}'` : fallback;
}

/** How explanations name an event-log record: `Event 1196`, or `A System event` when the export had no id. */
export function eventName(e: ClusterEvent): string {
  return e.type === 'eventlog.record' && e.eventId !== null ? `Event ${e.eventId}` : 'A System event';
}

/**
 * A perf-counter row that the SQL AG resource logs after `Lease timeout detected, logging perf counter
 * data collected so far`: `Date/Time, Processor time(%), Available memory(bytes), Avg disk read(secs),
 * Avg disk write(secs)` (domain.md §9). Dot decimals only.
 */
// Bounded date/time fields keep the match linear: it runs on every SQL RES line that reaches the prefilter.
export const PERF_ROW =
  /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[ T-]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AP]M)?\s*,\s*\d+(?:\.\d+)?\s*,\s*\d+\s*,\s*\d+(?:\.\d+)?\s*,\s*\d+(?:\.\d+)?\s*$/i;

export interface PerfSample {
  readonly cpuPercent: number;
  readonly availableBytes: number;
  readonly diskReadSecs: number;
  readonly diskWriteSecs: number;
}

/** The counters of a perf row, or null when the text is not one. */
export function perfSampleOf(text: string): PerfSample | null {
  if (!PERF_ROW.test(text)) return null;
  const cells = text.split(',').map((c) => c.trim());
  const [cpu, mem, read, write] = cells.slice(-4).map(Number);
  if (cpu === undefined || mem === undefined || read === undefined || write === undefined) return null;
  return { cpuPercent: cpu, availableBytes: mem, diskReadSecs: read, diskWriteSecs: write };
}

/**
 * `when` for event ids that several providers share (129 is storport *and* W32Time): the record's provider,
 * when known, must match; records whose provider is unknown are judged by id/template alone.
 */
export function fromProvider(provider: RegExp): (e: ClusterEvent) => boolean {
  return (e) => e.type !== 'eventlog.record' || e.provider === null || e.provider === '' || provider.test(e.provider);
}

/** The bugcheck code and parameters of a WER-SystemErrorReporting 1001 text (`0x0000009e (p1, p2, p3, p4)`). */
export function bugcheckOf(text: string): { code: number; params: number[] } | null {
  const m = /bugcheck was:?\s*0x([0-9a-f]+)\s*\(([^)]*)\)/i.exec(text);
  if (!m?.[1] || m[2] === undefined) return null;
  const params = m[2].split(',').map((p) => Number.parseInt(p.trim().replace(/^0x/i, ''), 16));
  return { code: Number.parseInt(m[1], 16), params };
}
