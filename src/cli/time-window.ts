/**
 * `--since` / `--until`: absolute times, or offsets from an incident's detection:
 *   2024-03-01T20:00:00Z, 2024-03-01 20:00 (UTC), 2024/03/01-20:07:58.009 (cluster.log form, UTC),
 *   -10m / +1h30m (from the first incident), <incident-id>-5m / <incident-id>+2m / <incident-id>.
 */
import type { Incident, Report } from '../shared/report.js';
import { compareIncidents, toMs } from '../report/format.js';
import { UsageError } from './errors.js';

export type TimeBound =
  | { readonly kind: 'absolute'; readonly ms: number; readonly text: string }
  /** `incident` null = the first incident detected. */
  | { readonly kind: 'relative'; readonly incident: string | null; readonly offsetMs: number; readonly text: string };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = String.raw`(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+`;
const OFFSET_ONLY = new RegExp(String.raw`^([+-])(${DURATION})$`);
const ID_OFFSET = new RegExp(String.raw`^(.+?)([+-])(${DURATION})$`);
const ABSOLUTE =
  /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T\s-](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function durationMs(text: string): number {
  let total = 0;
  for (const [, value = '0', unit = 'ms'] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(value) * (UNIT_MS[unit] ?? 0);
  return Math.round(total);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m === null) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** Parses an absolute time; times without a zone are UTC, like cluster.log. Null when it is not one. */
export function parseAbsolute(text: string): number | null {
  const m = ABSOLUTE.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-31 over into March: reject instead of guessing.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return null;
  }
  return utc - zoneOffsetMs(zone);
}

export function parseTimeBound(text: string): TimeBound {
  const trimmed = text.trim();
  const offset = OFFSET_ONLY.exec(trimmed);
  if (offset !== null) {
    return { kind: 'relative', incident: null, offsetMs: (offset[1] === '-' ? -1 : 1) * durationMs(offset[2] ?? ''), text };
  }
  const absolute = parseAbsolute(trimmed);
  if (absolute !== null) return { kind: 'absolute', ms: absolute, text };
  const withId = ID_OFFSET.exec(trimmed);
  if (withId !== null) {
    const sign = withId[2] === '-' ? -1 : 1;
    return { kind: 'relative', incident: withId[1] ?? '', offsetMs: sign * durationMs(withId[3] ?? ''), text };
  }
  if (/^[\w.:-]+$/.test(trimmed) && /[a-z]/i.test(trimmed)) return { kind: 'relative', incident: trimmed, offsetMs: 0, text };
  throw new Error(`cannot read '${text}' as a time: use 2024-03-01T20:00:00Z, 2024/03/01-20:00:00, -10m or <incident-id>+2m`);
}

/** Like `parseTimeBound`, for commands that have no incidents to be relative to. */
export function parseAbsoluteBound(text: string): TimeBound {
  const ms = parseAbsolute(text);
  if (ms === null) throw new Error(`cannot read '${text}' as a time: use 2024-03-01T20:00:00Z or 2024/03/01-20:00:00 (UTC)`);
  return { kind: 'absolute', ms, text };
}

export interface TimeWindow {
  readonly since?: TimeBound | undefined;
  readonly until?: TimeBound | undefined;
}

export function isRelative(window: TimeWindow): boolean {
  return window.since?.kind === 'relative' || window.until?.kind === 'relative';
}

/** Absolute bounds only, as analyze's filters (relative ones are applied after the analysis). */
export function absoluteFilters(window: TimeWindow): { since?: number; until?: number } {
  return {
    ...(window.since?.kind === 'absolute' ? { since: window.since.ms } : {}),
    ...(window.until?.kind === 'absolute' ? { until: window.until.ms } : {}),
  };
}

function anchorMs(bound: Extract<TimeBound, { kind: 'relative' }>, incidents: readonly Incident[], option: string): number {
  const dated = incidents.filter((i) => toMs(i.detectedAt) !== null);
  if (bound.incident === null) {
    const first = [...dated].sort((a, b) => (toMs(a.detectedAt) ?? 0) - (toMs(b.detectedAt) ?? 0) || compareIncidents(a, b))[0];
    if (first === undefined) throw new UsageError(`${option} ${bound.text}: relative to the first incident, but no incident was found`);
    return toMs(first.detectedAt) ?? 0;
  }
  const wanted = bound.incident.toLowerCase();
  const match = dated.find((i) => i.id.toLowerCase() === wanted);
  if (match === undefined) {
    const known = dated.map((i) => i.id).slice(0, 5).join(', ');
    throw new UsageError(`${option} ${bound.text}: no incident with id '${bound.incident}'${known !== '' ? ` (found: ${known})` : ''}`);
  }
  return toMs(match.detectedAt) ?? 0;
}

/** UTC ms bounds, inclusive; relative bounds resolved against the incidents (UsageError when they cannot be). */
export function resolveWindow(window: TimeWindow, incidents: readonly Incident[]): { since: number | null; until: number | null } {
  const resolve = (bound: TimeBound | undefined, option: string): number | null => {
    if (bound === undefined) return null;
    return bound.kind === 'absolute' ? bound.ms : anchorMs(bound, incidents, option) + bound.offsetMs;
  };
  return { since: resolve(window.since, '--since'), until: resolve(window.until, '--until') };
}

export function inWindow(ms: number | null, window: { since: number | null; until: number | null }): boolean {
  if (window.since === null && window.until === null) return true;
  if (ms === null) return false;
  return (window.since === null || ms >= window.since) && (window.until === null || ms <= window.until);
}

/** The report with only the incidents detected inside the window; summary counts follow. */
export function restrictIncidents(report: Report, window: { since: number | null; until: number | null }): Report {
  const incidents = report.incidents.filter((i) => inWindow(toMs(i.detectedAt), window));
  if (incidents.length === report.incidents.length) return report;
  const count = (key: (i: Incident) => string | null): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const i of incidents) {
      const k = key(i);
      if (k !== null) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  return {
    ...report,
    incidents,
    summary: {
      ...report.summary,
      incidents: incidents.length,
      byKind: count((i) => i.kind),
      bySeverity: count((i) => i.severity),
      byNode: count((i) => i.node),
      byResource: count((i) => i.resource ?? i.group),
    },
  };
}
