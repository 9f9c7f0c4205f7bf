/**
 * 2016+ layout: `[=== Name ===]` section markers and the facts of the `[=== Cluster ===]` block
 * (domain.md §3).
 */

export type SectionKind =
  /** `[=== Cluster ===]`: build, time zone, current node. */
  | 'cluster'
  /** Object tables in CSV: first row = column names. */
  | 'table'
  /** Event channels rendered as log lines (`[=== System ===]`, `... /Operational logs ===]`). */
  | 'eventlog'
  /** Diagnostic records (`[=== Cluster Logs ===]`, `... /DiagnosticVerbose ===]`). */
  | 'records'
  | 'unknown';

export interface Section {
  readonly name: string;
  readonly kind: SectionKind;
}

/** Tables seen in Get-ClusterLog output (practitioner parser, domain.md §3) plus storage tables of S2D builds. */
const TABLES = new Set(
  [
    'resources',
    'groups',
    'group sets',
    'resource types',
    'affinity rules',
    'nodes',
    'networks',
    'network interfaces',
    'volumes',
    'sbl disks',
    'certificates',
    'cluster shared volumes',
    'storage pools',
    'virtual disks',
    'physical disks',
  ],
);

/** Section named by a marker line, or null when the line is not a marker. */
export function sectionOf(line: string): Section | null {
  // Cheap test first: markers are rare, every line goes through here.
  if (line.charCodeAt(0) !== 91 && line.charCodeAt(0) !== 32) return null;
  if (!line.includes('[===')) return null;
  // `[=== Name ===]` alone on its line. String trimming rather than a regex: `\s*(.*?)\s*===\]`
  // backtracks quadratically on a long run of blanks.
  const t = line.trim();
  if (t.length < 8 || !t.startsWith('[===') || !t.endsWith('===]')) return null;
  const name = t.slice(4, -4).trim();
  const lower = name.toLowerCase();
  if (lower === 'cluster') return { name, kind: 'cluster' };
  if (TABLES.has(lower)) return { name, kind: 'table' };
  if (lower === 'cluster logs' || /diagnostic/.test(lower)) return { name, kind: 'records' };
  if (lower === 'system' || lower === 'application' || /\/(operational|admin)\b/.test(lower)) return { name, kind: 'eventlog' };
  return { name, kind: 'unknown' };
}

/** Channel prefixes that mark event-log records rather than diagnostic lines. */
export function isEventChannel(channel: string): boolean {
  const lower = channel.toLowerCase();
  if (/diagnostic|verbose|debug|analytic/.test(lower)) return false;
  return lower === 'system' || lower === 'application' || lower === 'operational' || lower === 'admin' || /\/(operational|admin)\b/.test(lower);
}

export interface HeaderFacts {
  buildNumber: string | null;
  utcOffsetMinutes: number | null;
  /** True: `The logs were generated using local time`; false: UTC/GMT stated; null: not stated. */
  localTime: boolean | null;
  currentNode: string | null;
  currentNodeId: number | null;
}

export function emptyHeaderFacts(): HeaderFacts {
  return { buildNumber: null, utcOffsetMinutes: null, localTime: null, currentNode: null, currentNodeId: null };
}

/** Reads one line of the `[=== Cluster ===]` block into `facts`. */
export function readHeaderLine(line: string, facts: HeaderFacts): void {
  let m = /\bBuild\s*Number\s*[:=]?\s*([\w.]+)/i.exec(line);
  if (m !== null) {
    facts.buildNumber = m[1] ?? null;
    return;
  }
  m = /offset of this machine is\s*:?\s*(.+)$/i.exec(line);
  if (m !== null) {
    facts.utcOffsetMinutes = parseOffset(m[1] ?? '');
    return;
  }
  m = /logs were generated using\s+(.+)$/i.exec(line);
  if (m !== null) {
    const basis = timeBasis(m[1] ?? '');
    if (basis !== null) facts.localTime = basis === 'local';
    return;
  }
  m = /Current node\s*:\s*(?:name\s*)?\(?\s*([^()\s,]+)\s*\)?(?:\s*,?\s*id\s*\(?\s*(\d+)\s*\)?)?/i.exec(line);
  if (m !== null) {
    facts.currentNode = m[1] ?? null;
    facts.currentNodeId = m[2] === undefined ? null : Number(m[2]);
  }
}

const UTC_WORDS = /\b(?:GMT|UTC)\b|Coordinated\s+Universal|Universal\s+Time|Greenwich/i;
const LOCAL_WORDS = /\blocal\s*time\b|\blocal\b/i;

/**
 * The time basis named after `The logs were generated using`. Only the first sentence counts: the
 * UTC wording goes on with `'Get-ClusterLog -UseLocalTime' will generate in local time.`, which
 * describes the option, not this file. Within it, whichever basis is named first wins.
 */
export function timeBasis(text: string): 'local' | 'utc' | null {
  const first = text.split(/[.;!](?:\s|$)|\s['"‘’]/, 1)[0] ?? text;
  const utc = UTC_WORDS.exec(first);
  const local = LOCAL_WORDS.exec(first);
  if (utc === null && local === null) return null;
  if (local === null) return 'utc';
  if (utc === null) return 'local';
  return local.index < utc.index ? 'local' : 'utc';
}

/**
 * The offset after `UTC = localtime + time zone offset; ... the time zone offset of this machine is`.
 * Returns minutes to ADD to local time to get UTC (Windows "bias": Pacific daylight time = 420).
 *
 * Accepted: `420 minutes, or 7 hours` (AGDiag reads the hours after `, or `: microsoft/agdiag
 * Utility.cs `getutcadjustment`, which negates it to get local − UTC), `-60 minutes`, `7 hours`,
 * `-5.5 hours`; `UTC+02:00` / `GMT-5` in the ISO sense (local = UTC + x, so bias = −x);
 * a bare `+HH:MM` or number is read literally per the header's own formula (UTC = local + offset),
 * a bare number up to 14 as hours, larger as minutes. Anything else → null.
 */
export function parseOffset(text: string): number | null {
  const t = text.trim();
  let m = /^([+-]?\d+(?:\.\d+)?)\s*min/i.exec(t);
  if (m !== null) return Math.round(Number(m[1]));
  m = /^([+-]?\d+(?:\.\d+)?)\s*h(?:ou)?rs?\b/i.exec(t);
  if (m !== null) return Math.round(Number(m[1]) * 60);
  m = /^\(?(?:UTC|GMT)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?/i.exec(t);
  if (m !== null) {
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === '+' ? -minutes : minutes;
  }
  if (/^\(?(?:UTC|GMT)\)?\s*$/i.test(t)) return 0;
  m = /^([+-])(\d{1,2}):(\d{2})\b/.exec(t);
  if (m !== null) {
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return m[1] === '-' ? -minutes : minutes;
  }
  m = /^([+-]?\d+)\s*$/.exec(t);
  if (m !== null) {
    const n = Number(m[1]);
    return Math.abs(n) <= 14 ? n * 60 : n;
  }
  return null;
}
