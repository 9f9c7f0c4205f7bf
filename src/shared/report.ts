/**
 * The analysis report: what the engine produces and every reporter consumes.
 * `--format json` prints it as is (schemaVersion 1); keep field names stable.
 */
import type { EntryPoint, SourceKind } from '../events/types.js';

export const SCHEMA_VERSION = 1 as const;

/**
 * A UTC time as people read it in the reports, `2024-03-05 10:22:31.123Z`: used inside sentences
 * (outcome, escalation, root-cause summary) so they read like the rest of the report. Time fields stay ISO.
 */
export function readableUtc(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  return `${date} ${time}Z`;
}

export type IncidentKind =
  | 'deadlock'
  | 'health-check-failure'
  | 'online-failure'
  | 'offline-failure'
  | 'rhs-failure'
  | 'node-down'
  | 'quorum-loss'
  | 'csv-failure'
  | 'cluster-service-failure';

export const INCIDENT_KINDS: readonly IncidentKind[] = [
  'deadlock',
  'health-check-failure',
  'online-failure',
  'offline-failure',
  'rhs-failure',
  'node-down',
  'quorum-loss',
  'csv-failure',
  'cluster-service-failure',
];

export type Severity = 'critical' | 'error' | 'warning';
export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning'];

export type RootCauseCategory =
  | 'dns'
  | 'active-directory'
  | 'storage'
  | 'network'
  | 'application'
  | 'hyper-v'
  | 'resource-host'
  | 'performance'
  | 'configuration'
  | 'unknown';

/** How the time zone of an input was decided. */
export interface ZoneDecision {
  /** `utc`: times are UTC; `local`: local wall clock with `offsetMinutes` (UTC = local + offset); `unknown`: local, offset not found. */
  readonly basis: 'utc' | 'local' | 'unknown';
  /** Minutes to add to the wall clock to get UTC; null when unknown. */
  readonly offsetMinutes: number | null;
  /** One sentence: `2016+ header: UTC`, `--event-tz Europe/Berlin`, `inferred from 1230 ↔ DeadlockMonitor (3 matches)`... */
  readonly how: string;
}

/** One input file as read. */
export interface InputSummary {
  /** The path as given (or as listed on standard input); `-` for piped log text. */
  readonly path: string;
  readonly kind: SourceKind;
  /** Reader id: `cluster-log`, `eventlog-csv`, `eventlog-xml`, `evtx`, ... */
  readonly format: string;
  /** Dialect detail: `2016+`, `2008 R2–2012 R2`, `legacy`, `trimmed`, date format of an export... */
  readonly dialect: string | null;
  readonly node: string;
  /** `header`, `file name`, `--node`, `computer field`, `file name (fallback)`. */
  readonly nodeFrom: string;
  /** `utf-16le`, `utf-16le (no BOM)`, `utf-16be`, `utf-8`, `utf-8 (BOM)`, `windows-1252`, `binary`; `+gzip` suffix when compressed. */
  readonly encoding: string;
  readonly bytes: number;
  readonly records: number;
  readonly unparsed: number;
  /** First and last UTC time seen (ISO-8601), null when unknown. */
  readonly timeRange: { readonly from: string | null; readonly to: string | null };
  readonly zone: ZoneDecision;
  /** Notes on how the file was read (date format assumed, duplicate of another input...). */
  readonly notes: readonly string[];
}

export interface SkippedInput {
  readonly path: string;
  readonly reason: string;
}

export interface Diagnostic {
  readonly level: 'error' | 'warning' | 'info';
  /** Stable code: `unreadable`, `empty`, `binary`, `unrecognised`, `bad-record`, `truncated`, `clock-skew`... */
  readonly code: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly message: string;
}

/** A log line or event cited as evidence or as a timeline step. */
export interface EvidenceRef {
  /** ISO-8601 UTC, or null when the record has no known time. */
  readonly at: string | null;
  readonly node: string;
  readonly text: string;
  readonly source: { readonly file: string; readonly line: number };
}

export interface Evidence extends EvidenceRef {
  /** Rule signature that cited it (`dns/server-timeout`), or null. */
  readonly signature: string | null;
  /** Why it matters, one sentence. */
  readonly note: string | null;
}

export interface TimelineEntry extends EvidenceRef {
  /** Typed event name (`rhs.call-timeout`, `eventlog.1230`, ...). */
  readonly event: string;
  readonly resource: string | null;
}

export interface RootCause {
  readonly category: RootCauseCategory;
  /** 0..1 */
  readonly confidence: number;
  readonly summary: string;
  /** Rule family ids that contributed, best first. */
  readonly rules: readonly string[];
  readonly evidence: readonly Evidence[];
}

export type Outcome =
  | 'recovered'
  | 'restarted-in-place'
  | 'restarted-separate-monitor'
  | 'failed-over'
  | 'left-failed'
  | 'node-bugchecked'
  | 'cluster-service-stopped'
  | 'unknown';

export interface Incident {
  /** Stable across runs and machines: derived from kind, node, resource and detection time. */
  readonly id: string;
  readonly kind: IncidentKind;
  readonly severity: Severity;
  readonly title: string;
  readonly node: string | null;
  readonly resource: string | null;
  readonly resourceType: string | null;
  readonly group: string | null;
  readonly dll: string | null;
  readonly entryPoint: EntryPoint | null;
  readonly rhsPid: number | null;
  readonly startedAt: string | null;
  /** How `startedAt` was found: `rcm-issuing-call`, `stuck-thread-last-line`, `detection-minus-timeout`, ... */
  readonly startedFrom: string | null;
  readonly detectedAt: string | null;
  readonly timeoutMs: number | null;
  readonly overrunMs: number | null;
  /** What the entry point was doing for that resource type. */
  readonly activity: string | null;
  readonly outcome: Outcome;
  readonly outcomeDetail: string | null;
  /** Node the role failed over to, when it did. */
  readonly failedOverTo: string | null;
  readonly collateral: readonly string[];
  readonly escalation: readonly string[];
  readonly rootCause: RootCause;
  readonly recommendations: readonly string[];
  readonly timeline: readonly TimelineEntry[];
}

export interface Report {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly tool: { readonly name: 'wsfc-forensics'; readonly version: string };
  readonly inputs: readonly InputSummary[];
  readonly skipped: readonly SkippedInput[];
  readonly diagnostics: readonly Diagnostic[];
  readonly incidents: readonly Incident[];
  readonly summary: {
    readonly incidents: number;
    readonly byKind: Readonly<Record<string, number>>;
    readonly bySeverity: Readonly<Record<string, number>>;
    readonly byNode: Readonly<Record<string, number>>;
    readonly byResource: Readonly<Record<string, number>>;
    readonly recordsRead: number;
    readonly recordsUnparsed: number;
  };
}
