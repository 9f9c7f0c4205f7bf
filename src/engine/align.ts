/**
 * Time alignment of local-time inputs whose offset nobody stated (event exports carry local wall-clock
 * times without a zone, domain.md §8): the offset is inferred by matching their records to records of the
 * same failure in inputs whose UTC time is known (cluster logs are UTC unless stated, domain.md §1).
 * Offsets are whole quarter hours within ±14 h, as every real time zone is.
 */
import type { ClusterEvent } from '../events/types.js';
import type { Diagnostic, InputSummary, ZoneDecision } from '../shared/report.js';
import { phaseOf } from './model.js';
import { nameKey, nodeKeyOf, resourceOf } from './names.js';
import { isRhsCrashRecord } from './significance.js';

const QUARTER_HOUR = 15 * 60_000;
const MAX_OFFSET = 14 * 60 * 60_000;
/** Records of one failure written by different components land within a few seconds of each other. */
export const MATCH_TOLERANCE_MS = 5_000;
/** Guard against quadratic work on very large inputs; the vote is decided long before this. */
const MAX_COMPARISONS = 5_000_000;

/** What an event-log record is matched with, by event id (domain.md §7 and §10). */
const CATEGORY_OF_ID: Readonly<Record<number, string>> = {
  1230: 'deadlock',
  1265: 'deadlock',
  1566: 'deadlock',
  1146: 'rhs-exit',
  1069: 'failure',
  1562: 'failure',
  1038: 'failure',
  1135: 'membership',
  1177: 'quorum',
};

/** Categories of reference records, with the label used in the `how` sentence. */
function referenceCategory(e: ClusterEvent): { category: string; label: string }[] {
  switch (e.type) {
    case 'rhs.call-timeout':
      return [{ category: 'deadlock', label: 'DeadlockMonitor' }];
    case 'rhs.deadlock-handling':
      return e.terminatingRhs
        ? [{ category: 'deadlock', label: 'RHS deadlock handling' }, { category: 'rhs-exit', label: 'RHS termination' }]
        : [{ category: 'deadlock', label: 'RHS deadlock handling' }];
    case 'rcm.crashed-or-deadlocked':
      return [
        { category: 'deadlock', label: 'RCM crashed-or-deadlocked' },
        { category: 'rhs-exit', label: 'RCM crashed-or-deadlocked' },
        { category: 'rhs-crash', label: 'RCM crashed-or-deadlocked' },
      ];
    case 'rcm.monitor-restart':
      return [{ category: 'rhs-exit', label: 'monitor restart' }];
    case 'rhs.wer-report':
      return [{ category: 'rhs-crash', label: 'WER report' }];
    case 'rhs.exception':
      return [{ category: 'rhs-crash', label: 'RHS exception' }];
    case 'rcm.state-transition': {
      const phase = phaseOf(e.to);
      return phase === 'failing' || phase === 'failed' ? [{ category: 'failure', label: `transition to ${e.to}` }] : [];
    }
    case 'rcm.monitor-reply':
      return e.reply.toUpperCase() === 'FAILURENOTIFICATION' ? [{ category: 'failure', label: 'FAILURENOTIFICATION' }] : [];
    case 'rhs.health-check-failed':
      return [{ category: 'failure', label: `${e.entryPoint} failure` }];
    case 'rhs.call-failed':
    case 'rhs.cannot-come-online':
      return [{ category: 'failure', label: 'RHS call failure' }];
    case 'node.new-view':
      return e.downers.length > 0 ? [{ category: 'membership', label: 'new view with downers' }] : [];
    case 'net.route-down':
    case 'net.all-routes-down':
      return [{ category: 'membership', label: 'route down' }];
    case 'node.connection-broken':
      return [{ category: 'membership', label: 'connection broken' }];
    case 'quorum.lost':
      return [{ category: 'quorum', label: 'lost quorum' }];
    case 'eventlog.record':
      return e.eventId !== null ? [{ category: `id:${e.eventId}`, label: `${e.eventId}` }] : [];
    default:
      return [];
  }
}

/** Any RHS or RCM record about a resource can pair with a catalogued event naming that resource. */
function resourceCategory(e: ClusterEvent): { category: string; label: string } | null {
  if (!e.type.startsWith('rhs.') && !e.type.startsWith('rcm.')) return null;
  const resource = resourceOf(e);
  return resource !== null ? { category: `res:${nameKey(resource)}`, label: `${e.type} of the same resource` } : null;
}

interface Ref {
  readonly utcMs: number;
  readonly nodeKey: string;
  readonly resourceKey: string | null;
  readonly label: string;
}

interface Vote {
  /** Per matched record: its error, and 0 for a pairing by event meaning, 1 for one by resource only. */
  matches: Map<ClusterEvent, { err: number; rank: number; label: string }>;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `2 matches (1230 ↔ DeadlockMonitor, …)`. */
function matchesText(vote: Vote): string {
  const labels = [...new Set([...vote.matches.values()].map((m) => m.label))].sort();
  const n = vote.matches.size;
  return `${n} match${n === 1 ? '' : 'es'} (${labels.join(', ')})`;
}

/**
 * `zone.how` of an inferred offset: `inferred from 2 matches (1230 ↔ DeadlockMonitor, …)`. The offset itself
 * is in `zone.offsetMinutes`, and reports print it next to this sentence: it is not repeated here.
 */
function inferredHow(vote: Vote): string {
  return `inferred from ${matchesText(vote)}`;
}

/** `local time UTC-04:00 (UTC = local +04:00) from 2 matches (…)`, for messages that stand alone. */
function describe(offsetMinutes: number, vote: Vote): string {
  return `local time UTC${formatOffset(-offsetMinutes)} (UTC = local ${formatOffset(offsetMinutes)}) from ${matchesText(vote)}`;
}

/** `UTC`, `UTC-04:00`, `offset unknown`: a zone decision without its reasons, for messages. */
function zoneLabel(zone: ZoneDecision | undefined): string {
  if (zone === undefined) return '?';
  if (zone.basis === 'utc') return 'UTC';
  return zone.offsetMinutes === null ? 'offset unknown' : `UTC${formatOffset(-zone.offsetMinutes)}`;
}

/** Best quarter-hour offset (minutes to add to the wall clock) for records of one input, or null. */
function inferOffset(records: readonly ClusterEvent[], refs: ReadonlyMap<string, readonly Ref[]>): { offsetMinutes: number; vote: Vote } | null {
  const votes = new Map<number, Vote>();
  let comparisons = 0;
  const refNodes = new Set([...refs.values()].flat().map((r) => r.nodeKey));
  for (const e of records) {
    if (e.wallMs === null || e.type !== 'eventlog.record' || e.eventId === null) continue;
    const resource = resourceOf(e);
    const resourceKey = resource !== null ? nameKey(resource) : null;
    // Application-log crash reports of rhs.exe share ids 1000/1001 with unrelated events.
    const byId = isRhsCrashRecord(e) ? 'rhs-crash' : CATEGORY_OF_ID[e.eventId];
    const categories = [byId, `id:${e.eventId}`, resourceKey !== null ? `res:${resourceKey}` : undefined].filter(
      (c): c is string => c !== undefined,
    );
    const node = nodeKeyOf(e.node);
    // Match records of the same node when that node wrote a reference record; otherwise any node.
    const sameNodeOnly = refNodes.has(node);
    for (const category of categories) {
      for (const r of refs.get(category) ?? []) {
        if (++comparisons > MAX_COMPARISONS) break;
        if (sameNodeOnly && r.nodeKey !== node) continue;
        if (resourceKey !== null && r.resourceKey !== null && r.resourceKey !== resourceKey) continue;
        const d = r.utcMs - e.wallMs;
        const q = Math.round(d / QUARTER_HOUR) * QUARTER_HOUR;
        const err = Math.abs(d - q);
        if (Math.abs(q) > MAX_OFFSET || err > MATCH_TOLERANCE_MS) continue;
        let vote = votes.get(q);
        if (vote === undefined) votes.set(q, (vote = { matches: new Map() }));
        const rank = category.startsWith('res:') ? 1 : 0;
        const prev = vote.matches.get(e);
        if (prev === undefined || rank < prev.rank || (rank === prev.rank && err < prev.err)) {
          vote.matches.set(e, { err, rank, label: `${e.eventId} ↔ ${r.label}` });
        }
      }
    }
  }
  let best: { q: number; vote: Vote; n: number; err: number } | null = null;
  let tied = false;
  for (const [q, vote] of votes) {
    const n = vote.matches.size;
    const err = [...vote.matches.values()].reduce((s, m) => s + m.err, 0);
    if (best === null || n > best.n || (n === best.n && err < best.err)) {
      tied = false;
      best = { q, vote, n, err };
    } else if (n === best.n && err === best.err) tied = true;
  }
  if (best === null || tied) return null;
  return { offsetMinutes: best.q / 60_000, vote: best.vote };
}

export interface AlignResult {
  readonly zones: Map<string, ZoneDecision>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Infers offsets for inputs with `zone.basis === 'unknown'` and sets `utcMs` on their retained records.
 * Inputs with a stated zone are kept; with `--event-tz`, a confident inference that disagrees is reported.
 */
export function alignInputs(
  inputs: readonly InputSummary[],
  significant: readonly ClusterEvent[],
  retained: () => Iterable<ClusterEvent>,
  eventTzGiven: boolean,
): AlignResult {
  const zones = new Map<string, ZoneDecision>();
  const diagnostics: Diagnostic[] = [];
  const unknown = new Set(inputs.filter((i) => i.zone.basis === 'unknown').map((i) => i.path));
  const checked = new Set(eventTzGiven ? inputs.filter((i) => i.kind === 'event-log' && i.zone.basis === 'local').map((i) => i.path) : []);
  for (const input of inputs) zones.set(input.path, input.zone);
  if (unknown.size === 0 && checked.size === 0) return { zones, diagnostics };

  const refs = new Map<string, Ref[]>();
  const byFile = new Map<string, ClusterEvent[]>();
  for (const e of significant) {
    if (unknown.has(e.source.file) || checked.has(e.source.file)) {
      let list = byFile.get(e.source.file);
      if (list === undefined) byFile.set(e.source.file, (list = []));
      list.push(e);
      continue;
    }
    if (e.utcMs === null) continue;
    const resource = resourceOf(e);
    const byResource = resourceCategory(e);
    for (const { category, label } of [...referenceCategory(e), ...(byResource !== null ? [byResource] : [])]) {
      let list = refs.get(category);
      if (list === undefined) refs.set(category, (list = []));
      list.push({ utcMs: e.utcMs, nodeKey: nodeKeyOf(e.node), resourceKey: resource !== null ? nameKey(resource) : null, label });
    }
  }

  const offsets = new Map<string, number>();
  for (const input of inputs) {
    if (!unknown.has(input.path) && !checked.has(input.path)) continue;
    const records = byFile.get(input.path) ?? [];
    const found = inferOffset(records, refs);
    if (checked.has(input.path)) {
      const stated = input.zone.offsetMinutes;
      if (found !== null && found.vote.matches.size >= 2 && stated !== null && found.offsetMinutes !== stated) {
        diagnostics.push({
          level: 'warning',
          code: 'zone-mismatch',
          file: input.path,
          line: null,
          message: `the stated time zone (UTC = local ${formatOffset(stated)}) disagrees with the cluster logs: they match ${describe(found.offsetMinutes, found.vote)}`,
        });
      }
      continue;
    }
    if (found === null) {
      const timed = records.some((e) => e.wallMs !== null);
      // The basis (local, offset unknown) is in the decision itself; `how` says why.
      // Only records the analysis keeps (failures, evidence) can be matched: routine events are counted, not kept.
      const how =
        records.length === 0
          ? 'none of its records concerns a cluster failure, so none could be matched to the cluster logs (--event-tz places it)'
          : timed
            ? `no record matched a cluster-log record within ${MATCH_TOLERANCE_MS / 1000} s at a single offset within ±14 h`
            : 'no record carries a time';
      zones.set(input.path, { basis: 'unknown', offsetMinutes: null, how });
      if (timed) {
        diagnostics.push({
          level: 'warning',
          code: 'zone-unknown',
          file: input.path,
          line: null,
          message: `local time, offset unknown: ${how}; its records keep unknown UTC times`,
        });
      }
      continue;
    }
    offsets.set(input.path, found.offsetMinutes);
    zones.set(input.path, { basis: 'local', offsetMinutes: found.offsetMinutes, how: inferredHow(found.vote) });
  }

  if (offsets.size > 0) {
    const apply = (e: ClusterEvent): void => {
      const offset = offsets.get(e.source.file);
      if (offset !== undefined && e.wallMs !== null) e.utcMs = e.wallMs + offset * 60_000;
    };
    for (const e of significant) apply(e);
    for (const e of retained()) apply(e);
  }
  return { zones, diagnostics };
}

/**
 * Inputs whose zones disagree: one event recorded in two inputs (a cluster log's `[System]` section and a
 * System export, say) must have one UTC time. A constant whole quarter-hour difference over several such
 * events means one input's zone is wrong. Times are not changed; the conflict is reported.
 */
export function zoneConflicts(significant: readonly ClusterEvent[], zones: ReadonlyMap<string, ZoneDecision>): Diagnostic[] {
  const byEvent = new Map<string, ClusterEvent[]>();
  for (const e of significant) {
    if (e.type !== 'eventlog.record' || e.eventId === null || e.utcMs === null) continue;
    const key = `${nodeKeyOf(e.node)}|${e.eventId}|${e.message.replace(/\s+/g, ' ').trim().slice(0, 160)}`;
    byEvent.set(key, [...(byEvent.get(key) ?? []), e]);
  }
  const votes = new Map<string, { a: string; b: string; q: number; n: number; ids: Set<number> }[]>();
  for (const list of byEvent.values()) {
    for (const x of list) {
      for (const y of list) {
        if (x.source.file >= y.source.file) continue;
        const d = y.utcMs! - x.utcMs!;
        const q = Math.round(d / QUARTER_HOUR) * QUARTER_HOUR;
        if (Math.abs(d - q) > MATCH_TOLERANCE_MS) continue;
        const pair = `${x.source.file}\u0000${y.source.file}`;
        const list2 = votes.get(pair) ?? [];
        let v = list2.find((w) => w.q === q);
        if (v === undefined) list2.push((v = { a: x.source.file, b: y.source.file, q, n: 0, ids: new Set() }));
        v.n++;
        if (x.type === 'eventlog.record' && x.eventId !== null) v.ids.add(x.eventId);
        votes.set(pair, list2);
      }
    }
  }
  const out: Diagnostic[] = [];
  for (const list of votes.values()) {
    const best = [...list].sort((m, n) => n.n - m.n || Math.abs(m.q) - Math.abs(n.q))[0];
    if (best === undefined || best.q === 0 || best.n < 2) continue;
    const minutes = Math.abs(best.q / 60_000);
    const apart = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    out.push({
      level: 'warning',
      code: 'zone-conflict',
      file: best.b,
      line: null,
      message:
        `${best.b} has ${best.n} events also in ${best.a} (${[...best.ids].sort((m, n) => m - n).join(', ')}) ${apart} ` +
        `${best.q < 0 ? 'earlier' : 'later'}: one of them has a wrong time zone (${best.a}: ${zoneLabel(zones.get(best.a))}, ` +
        `${zones.get(best.a)?.how ?? '?'}; ${best.b}: ${zoneLabel(zones.get(best.b))}, ${zones.get(best.b)?.how ?? '?'}); times are shown as read`,
    });
  }
  // Code-unit order: the same on every machine, whatever its locale (localeCompare is not).
  return out.sort((m, n) => ((m.file ?? '') < (n.file ?? '') ? -1 : (m.file ?? '') > (n.file ?? '') ? 1 : 0));
}
