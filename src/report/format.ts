/** Wording and number formats shared by every reporter, so that all formats say the same thing. */
import {
  readableUtc,
  type Diagnostic,
  type Incident,
  type IncidentKind,
  type InputSummary,
  type Outcome,
  type Report,
  type Severity,
} from '../shared/report.js';

// ── Order ───────────────────────────────────────────────────────────────────────────────────────

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, error: 1, warning: 2 };

/** Parses an ISO time; null for null or unparseable text. */
export function toMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Most severe first, then by detection time (unknown last), then by id for a total order. */
export function compareIncidents(a: Incident, b: Incident): number {
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity;
  const at = toMs(a.detectedAt) ?? Number.POSITIVE_INFINITY;
  const bt = toMs(b.detectedAt) ?? Number.POSITIVE_INFINITY;
  if (at !== bt) return at < bt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortIncidents(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort(compareIncidents);
}

// ── Labels ──────────────────────────────────────────────────────────────────────────────────────

/** Upper-case tag that opens a headline. */
export const KIND_LABELS: Readonly<Record<IncidentKind, string>> = {
  deadlock: 'DEADLOCK',
  'health-check-failure': 'HEALTH CHECK FAILED',
  'online-failure': 'ONLINE FAILED',
  'offline-failure': 'OFFLINE FAILED',
  'rhs-failure': 'RHS FAILURE',
  'node-down': 'NODE DOWN',
  'quorum-loss': 'QUORUM LOST',
  'csv-failure': 'CSV FAILURE',
  'cluster-service-failure': 'CLUSTER SERVICE FAILURE',
};

/** Label for an incident kind that is not (yet) in the table: the id in upper case. */
export function kindLabel(kind: string): string {
  return (KIND_LABELS as Readonly<Record<string, string>>)[kind] ?? kind.toUpperCase().replace(/-/g, ' ');
}

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  recovered: 'recovered',
  'restarted-in-place': 'restarted in place',
  'restarted-separate-monitor': 'restarted in a separate monitor',
  'failed-over': 'failed over',
  'left-failed': 'left failed',
  'node-bugchecked': 'node bugchecked',
  'cluster-service-stopped': 'cluster service stopped',
  unknown: 'outcome unknown',
};

export function outcomeText(incident: Incident): string {
  const label = OUTCOME_LABELS[incident.outcome] ?? incident.outcome;
  if (incident.outcome === 'failed-over' && incident.failedOverTo !== null) return `${label} to ${incident.failedOverTo}`;
  return label;
}

// ── Numbers and times ───────────────────────────────────────────────────────────────────────────

/** `120,450`: grouped by hand, so output never depends on the locale or ICU data. */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.trunc(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? ''}`;
}

export function formatConfidence(confidence: number): string {
  return confidence.toFixed(2);
}

/** RHS process ids are hex in cluster.log: `0xf1c`. */
export function formatPid(pid: number): string {
  return `0x${pid.toString(16)}`;
}

/** Sub-minute remainders: whole seconds, or up to milliseconds when not whole (`12s`, `0.25s`). */
function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(3).replace(/0+$/, '')}s`;
}

/** A length of time for prose: `450 ms`, `12s`, `5m 00s`, `1h 02m`, `2d 03h`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${abs} ms`;
  return compactDuration(abs, ' ');
}

function compactDuration(abs: number, sep: string): string {
  if (abs < 60_000) return seconds(abs);
  const total = Math.round(abs / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (d > 0) return `${d}d${sep}${two(h)}h`;
  if (h > 0) return `${h}h${sep}${two(m)}m`;
  return `${m}m${sep}${two(s)}s`;
}

/**
 * Offset from an incident's detection: `T-5m00s`, `T0`, `T+12s`, `T+0.250s`, `T+1h02m`. Fractions keep all
 * three decimals so that a column of offsets lines up and `T+1.050s` does not look less precise than `T+1.049s`.
 */
export function formatRelative(ms: number): string {
  if (ms === 0) return 'T0';
  const abs = Math.abs(ms);
  const body = abs < 60_000 && abs % 1000 !== 0 ? `${(abs / 1000).toFixed(3)}s` : compactDuration(abs, '');
  return `T${ms < 0 ? '-' : '+'}${body}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** ISO UTC time for people: `2024-03-01 20:07:58.009Z`; `time` style drops the date. */
export function formatUtc(iso: string | null, style: 'full' | 'time' | 'minute' = 'full'): string {
  const ms = toMs(iso);
  if (ms === null) return iso ?? '(no time)';
  // One spelling of a time for the whole report: sentences built by the engine use `readableUtc` too.
  const full = readableUtc(ms);
  const [date = '', time = ''] = full.split(' ');
  if (style === 'minute') return `${date} ${time.slice(0, 5)}Z`;
  return style === 'time' ? time.slice(0, -1) : full;
}

/** `UTC`, `UTC+02:00`: the offset is how far the wall clock is ahead of UTC (the opposite sign of `offsetMinutes`). */
export function formatZone(offsetMinutes: number | null): string {
  if (offsetMinutes === null) return 'offset unknown';
  if (offsetMinutes === 0) return 'UTC';
  const ahead = -offsetMinutes;
  const abs = Math.abs(ahead);
  return `UTC${ahead < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** `2024-03-01 19:58Z → 2024-03-01 20:15Z`, shortened when both ends fall on the same day. */
export function formatRange(from: string | null, to: string | null): string {
  if (from === null && to === null) return 'no times';
  const a = formatUtc(from, 'minute');
  const b = formatUtc(to, 'minute');
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a} → ${b.slice(11)}`;
  return `${a} → ${b}`;
}

// ── Headline ────────────────────────────────────────────────────────────────────────────────────

export interface Headline {
  /** `DEADLOCK` */
  readonly label: string;
  /** `Cluster Name (Network Name)`, `LooksAlive hung 5m 00s on NODE1`, ... (unsanitised: reporters escape). */
  readonly parts: readonly string[];
}

/** How long the call hung: start to detection when both are known, else timeout plus overrun. */
export function hungForMs(incident: Incident): number | null {
  const started = toMs(incident.startedAt);
  const detected = toMs(incident.detectedAt);
  if (started !== null && detected !== null && detected >= started) return detected - started;
  if (incident.timeoutMs !== null) return incident.timeoutMs + (incident.overrunMs ?? 0);
  return null;
}

function subject(incident: Incident): string {
  if (incident.kind === 'node-down') return incident.node ?? 'a node';
  if (incident.kind === 'quorum-loss') return `${incident.node ?? 'cluster'} lost quorum`;
  const type = incident.resourceType;
  const name = incident.resource ?? incident.group;
  if (name === null) return type !== null ? `resource type ${type}` : incident.title;
  // `Virtual Machine Configuration SQLVM07 (Virtual Machine Configuration)` would say the type twice.
  return type !== null && !name.toLowerCase().includes(type.toLowerCase()) ? `${name} (${type})` : name;
}

function action(incident: Incident): string | null {
  const on = incident.node !== null ? ` on ${incident.node}` : '';
  const entry = incident.entryPoint;
  switch (incident.kind) {
    case 'deadlock': {
      const hung = hungForMs(incident);
      return `${entry ?? 'call'} hung${hung !== null ? ` ${formatDuration(hung)}` : ''}${on}`;
    }
    case 'health-check-failure':
      return `${entry ?? 'health check'} reported failure${on}`;
    case 'online-failure':
      return `Online failed${on}`;
    case 'offline-failure':
      return `Offline failed${on}`;
    case 'rhs-failure':
      return `resource host failed${entry !== null ? ` during ${entry}` : ''}${on}`;
    case 'node-down':
      return 'removed from cluster membership';
    case 'quorum-loss':
      return null;
    case 'csv-failure':
      return `volume failed${on}`;
    case 'cluster-service-failure':
      return `cluster service failed${on}`;
    default:
      return incident.title;
  }
}

/** Outcomes after which the deadlocked RHS process is known to be gone. */
const RHS_GONE: ReadonlySet<Outcome> = new Set(['recovered', 'restarted-in-place', 'restarted-separate-monitor', 'failed-over', 'left-failed']);

/** The RHS process belongs in the headline only when it is what failed; the Resource line always names it. */
function rhsPart(incident: Incident): string | null {
  if (incident.rhsPid === null || (incident.kind !== 'deadlock' && incident.kind !== 'rhs-failure')) return null;
  const pid = `RHS ${formatPid(incident.rhsPid)}`;
  return incident.kind === 'deadlock' && RHS_GONE.has(incident.outcome) ? `${pid} terminated` : pid;
}

/**
 * `DEADLOCK  Cluster Name (Network Name) · LooksAlive hung 5m 00s on NODE1 · RHS 0xf1c terminated · restarted in a separate monitor`
 */
export function headline(incident: Incident): Headline {
  const parts = [subject(incident), action(incident), rhsPart(incident), outcomeText(incident)];
  return { label: kindLabel(incident.kind), parts: parts.filter((p): p is string => p !== null) };
}

export function headlineText(incident: Incident): string {
  const h = headline(incident);
  return `${h.label}  ${h.parts.join(' · ')}`;
}

/** `dns (0.82)` */
export function rootCauseText(incident: Incident): string {
  return `${incident.rootCause.category} (${formatConfidence(incident.rootCause.confidence)})`;
}

// ── Facts ───────────────────────────────────────────────────────────────────────────────────────
// Sentences built from untrusted names: reporters escape the result for their medium.

/** How `startedAt` was found (`Incident.startedFrom` codes), in words. */
const STARTED_FROM: Readonly<Record<string, string>> = {
  'rcm-issuing-call': 'RCM issued the call',
  'stuck-thread-last-line': 'last line of the stuck thread',
  'detection-minus-timeout': 'estimated: detection minus the timeout',
  'state-machine': 'entered the pending state',
  'first-symptom': 'first symptom',
  'first-missed-heartbeat': 'first missed heartbeat',
};

export function startedFromText(code: string): string {
  return STARTED_FROM[code] ?? code.replace(/-/g, ' ');
}

/**
 * `2024-03-01 20:07:58.009Z on NODE1; started 20:02:58.009 (RCM issued the call); timeout 5m 00s, overrun by 12s`.
 * A node-down incident's node is the one that left, not where it was seen, so it is not named here; a start
 * equal to the detection says nothing and is left out.
 */
export function detectedText(incident: Incident): string {
  const on = incident.node !== null && incident.kind !== 'node-down' ? ` on ${incident.node}` : '';
  const parts: string[] = [`${formatUtc(incident.detectedAt)}${on}`];
  if (incident.startedAt !== null && toMs(incident.startedAt) !== toMs(incident.detectedAt)) {
    const from = incident.startedFrom !== null ? ` (${startedFromText(incident.startedFrom)})` : '';
    const sameDay = formatUtc(incident.startedAt).slice(0, 10) === formatUtc(incident.detectedAt).slice(0, 10);
    parts.push(`started ${formatUtc(incident.startedAt, sameDay ? 'time' : 'full')}${from}`);
  }
  if (incident.timeoutMs !== null) {
    const overrun = incident.overrunMs !== null && incident.overrunMs > 0 ? `, overrun by ${formatDuration(incident.overrunMs)}` : '';
    parts.push(`timeout ${formatDuration(incident.timeoutMs)}${overrun}`);
  }
  return parts.join('; ');
}

/** `Cluster Name · type Network Name · group Cluster Group · clusres.dll · RHS 0xf1c (3868)`, or null when nothing is known. */
export function resourceText(incident: Incident): string | null {
  const parts: string[] = [];
  if (incident.resource !== null) parts.push(incident.resource);
  if (incident.resourceType !== null) parts.push(`type ${incident.resourceType}`);
  if (incident.group !== null) parts.push(`group ${incident.group}`);
  if (incident.dll !== null) parts.push(incident.dll);
  if (incident.rhsPid !== null) parts.push(`RHS ${formatPid(incident.rhsPid)} (${incident.rhsPid})`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** `restarted in a separate monitor — RHS 0x2a4 now hosts it` */
export function outcomeLine(incident: Incident): string {
  return `${outcomeText(incident)}${incident.outcomeDetail !== null ? ` — ${incident.outcomeDetail}` : ''}`;
}

/** `UTC`, `local time UTC+01:00`, `local time, offset unknown`: the decision without its reason. */
export function zoneLabel(zone: InputSummary['zone']): string {
  if (zone.basis === 'utc') return 'UTC';
  return zone.offsetMinutes === null ? 'local time, offset unknown' : `local time ${formatZone(zone.offsetMinutes)}`;
}

/** `local time UTC+01:00 — inferred from 3 matches (1230 ↔ DeadlockMonitor, …)` */
export function zoneText(zone: InputSummary['zone']): string {
  return `${zoneLabel(zone)} — ${zone.how}`;
}

export interface ZoneGroup {
  /** The decision shared by the group (basis and offset); `how` is the first input's. */
  readonly zone: InputSummary['zone'];
  /** Why, with the input paths it applies to (in input order): one entry when they all share the reason. */
  readonly reasons: readonly { readonly how: string; readonly paths: readonly string[] }[];
}

/**
 * Inputs grouped by time-zone decision (basis and offset), each reason once with the inputs it applies
 * to: three cluster logs without a header share one sentence instead of repeating it.
 */
export function zoneGroups(inputs: readonly InputSummary[]): ZoneGroup[] {
  const groups = new Map<string, { zone: InputSummary['zone']; reasons: Map<string, string[]> }>();
  for (const input of inputs) {
    const key = JSON.stringify([input.zone.basis, input.zone.offsetMinutes]);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { zone: input.zone, reasons: new Map() }));
    const paths = group.reasons.get(input.zone.how);
    if (paths === undefined) group.reasons.set(input.zone.how, [input.path]);
    else paths.push(input.path);
  }
  return [...groups.values()].map((g) => ({ zone: g.zone, reasons: [...g.reasons].map(([how, paths]) => ({ how, paths })) }));
}

/** `cluster-log 2016+`, `event-log (eventlog-csv, M/d/yyyy h:mm:ss tt)`: kind, reader and dialect without repeats. */
export function formatText(input: InputSummary): string {
  if (input.format === input.kind) return input.dialect !== null ? `${input.kind} ${input.dialect}` : input.kind;
  return `${input.kind} (${input.format}${input.dialect !== null ? `, ${input.dialect}` : ''})`;
}

/** `2024-03-01 19:58:01.000Z → 2024-03-01 20:15:10.221Z`, or `no times`. */
export function inputRangeText(input: InputSummary): string {
  const { from, to } = input.timeRange;
  return from === null && to === null ? 'no times' : `${formatUtc(from)} → ${formatUtc(to)}`;
}

// ── Skipped inputs and diagnostics ──────────────────────────────────────────────────────────────

export interface SkippedLine {
  readonly path: string;
  readonly reason: string;
  /** Level of the diagnostic that reported the same problem (an empty file named on the command line). */
  readonly level: Diagnostic['level'] | null;
}

/**
 * Skipped inputs and the diagnostics to list apart from them. An input that could not be read is both
 * skipped and a diagnostic saying the same sentence (the JSON report keeps both): people see it once, as
 * a skipped input with the diagnostic's level.
 */
export function skippedAndDiagnostics(report: Report): { skipped: SkippedLine[]; diagnostics: Diagnostic[] } {
  const merged = new Set<Diagnostic>();
  const skipped = report.skipped.map((s) => {
    const same = report.diagnostics.find((d) => !merged.has(d) && d.file === s.path && d.line === null && d.message === s.reason);
    if (same !== undefined) merged.add(same);
    return { path: s.path, reason: s.reason, level: same?.level ?? null };
  });
  return { skipped, diagnostics: report.diagnostics.filter((d) => !merged.has(d)) };
}

// ── Summary ─────────────────────────────────────────────────────────────────────────────────────

export interface SummaryRow {
  readonly kind: IncidentKind;
  readonly severity: Severity;
  readonly node: string;
  readonly resource: string;
  readonly count: number;
  readonly firstAt: string | null;
}

/** Incidents grouped by kind, node and resource; most severe first, in the order of their first incident. */
export function summaryRows(incidents: readonly Incident[]): SummaryRow[] {
  const rows = new Map<string, { -readonly [K in keyof SummaryRow]: SummaryRow[K] }>();
  for (const incident of sortIncidents(incidents)) {
    const node = incident.node ?? '—';
    const resource = incident.resource ?? incident.group ?? (incident.resourceType !== null ? `type ${incident.resourceType}` : '—');
    const key = JSON.stringify([incident.kind, node, resource]);
    const row = rows.get(key);
    if (row === undefined) {
      rows.set(key, { kind: incident.kind, severity: incident.severity, node, resource, count: 1, firstAt: incident.detectedAt });
      continue;
    }
    row.count += 1;
    const at = toMs(incident.detectedAt);
    const first = toMs(row.firstAt);
    if (at !== null && (first === null || at < first)) row.firstAt = incident.detectedAt;
  }
  return [...rows.values()];
}

/** `3 incidents (1 critical, 2 error)` */
export function incidentCountText(report: Report): string {
  const n = report.incidents.length;
  const counts = (['critical', 'error', 'warning'] as const)
    .map((s) => [s, report.incidents.filter((i) => i.severity === s).length] as const)
    .filter(([, c]) => c > 0)
    .map(([s, c]) => `${c} ${s}`);
  return `${plural(n, 'incident')}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`;
}

export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** The whole read in one line: `3 inputs, 245,811 records (5 unparsed), 2024-03-01 19:58Z → 20:15Z`. */
export function readSummaryText(report: Report): string {
  const froms = report.inputs.map((i) => toMs(i.timeRange.from)).filter((x): x is number => x !== null);
  const tos = report.inputs.map((i) => toMs(i.timeRange.to)).filter((x): x is number => x !== null);
  const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
  const range = froms.length > 0 ? `, ${formatRange(iso(Math.min(...froms)), iso(Math.max(...tos, ...froms)))}` : '';
  const unparsed = report.summary.recordsUnparsed > 0 ? ` (${formatCount(report.summary.recordsUnparsed)} unparsed)` : '';
  const skipped = report.skipped.length > 0 ? `; ${formatCount(report.skipped.length)} skipped` : '';
  return `${plural(report.inputs.length, 'input')}, ${plural(report.summary.recordsRead, 'record')}${unparsed}${range}${skipped}`;
}
