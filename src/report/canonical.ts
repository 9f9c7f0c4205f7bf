/**
 * The Report rebuilt with a fixed key order, for the machine formats (json, ndjson): output bytes do not
 * depend on how the engine happened to build its objects. Field order follows `shared/report.ts`.
 */
import {
  INCIDENT_KINDS,
  SEVERITIES,
  type Diagnostic,
  type Evidence,
  type Incident,
  type InputSummary,
  type Report,
  type TimelineEntry,
} from '../shared/report.js';

/**
 * `JSON.stringify` escapes C0 controls but leaves DEL, the C1 range, bidi controls, line separators and
 * invisible format characters raw. A terminal that `cat`s the file may act on C1 (U+009B is a one-byte CSI),
 * and bidi overrides reorder what a person reads in a terminal, pager or code review. `\u202e` is the same
 * JSON value, so escaping them is lossless for every consumer.
 */
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

export function stringify(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Count maps: known keys in their canonical order first, then the rest sorted by code point. */
function orderCounts(counts: Readonly<Record<string, number>>, known: readonly string[] = []): Record<string, number> {
  const keys = Object.keys(counts);
  const rest = keys.filter((k) => !known.includes(k)).sort();
  const out: Record<string, number> = {};
  for (const key of [...known.filter((k) => keys.includes(k)), ...rest]) out[key] = counts[key] ?? 0;
  return out;
}

const source = (s: { readonly file: string; readonly line: number }) => ({ file: s.file, line: s.line });

function evidence(e: Evidence) {
  return { at: e.at, node: e.node, text: e.text, source: source(e.source), signature: e.signature, note: e.note };
}

function timelineEntry(t: TimelineEntry) {
  return { at: t.at, node: t.node, text: t.text, source: source(t.source), event: t.event, resource: t.resource };
}

export function canonicalIncident(i: Incident) {
  return {
    id: i.id,
    kind: i.kind,
    severity: i.severity,
    title: i.title,
    node: i.node,
    resource: i.resource,
    resourceType: i.resourceType,
    group: i.group,
    dll: i.dll,
    entryPoint: i.entryPoint,
    rhsPid: i.rhsPid,
    startedAt: i.startedAt,
    startedFrom: i.startedFrom,
    detectedAt: i.detectedAt,
    timeoutMs: i.timeoutMs,
    overrunMs: i.overrunMs,
    activity: i.activity,
    outcome: i.outcome,
    outcomeDetail: i.outcomeDetail,
    failedOverTo: i.failedOverTo,
    collateral: [...i.collateral],
    escalation: [...i.escalation],
    rootCause: {
      category: i.rootCause.category,
      confidence: i.rootCause.confidence,
      summary: i.rootCause.summary,
      rules: [...i.rootCause.rules],
      evidence: i.rootCause.evidence.map(evidence),
    },
    recommendations: [...i.recommendations],
    timeline: i.timeline.map(timelineEntry),
  };
}

function input(i: InputSummary) {
  return {
    path: i.path,
    kind: i.kind,
    format: i.format,
    dialect: i.dialect,
    node: i.node,
    nodeFrom: i.nodeFrom,
    encoding: i.encoding,
    bytes: i.bytes,
    records: i.records,
    unparsed: i.unparsed,
    timeRange: { from: i.timeRange.from, to: i.timeRange.to },
    zone: { basis: i.zone.basis, offsetMinutes: i.zone.offsetMinutes, how: i.zone.how },
    notes: [...i.notes],
  };
}

function diagnostic(d: Diagnostic) {
  return { level: d.level, code: d.code, file: d.file, line: d.line, message: d.message };
}

export function canonicalSummary(s: Report['summary']) {
  return {
    incidents: s.incidents,
    byKind: orderCounts(s.byKind, INCIDENT_KINDS),
    bySeverity: orderCounts(s.bySeverity, SEVERITIES),
    byNode: orderCounts(s.byNode),
    byResource: orderCounts(s.byResource),
    recordsRead: s.recordsRead,
    recordsUnparsed: s.recordsUnparsed,
  };
}

export function canonicalReport(r: Report) {
  return {
    schemaVersion: r.schemaVersion,
    tool: { name: r.tool.name, version: r.tool.version },
    inputs: r.inputs.map(input),
    skipped: r.skipped.map((s) => ({ path: s.path, reason: s.reason })),
    diagnostics: r.diagnostics.map(diagnostic),
    incidents: r.incidents.map(canonicalIncident),
    summary: canonicalSummary(r.summary),
  };
}
