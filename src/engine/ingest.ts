/**
 * The engine's intake of one input file, run where the file is read (a worker thread or the main
 * thread). It keeps what `CorrelationEngine.ingest` would keep of the file, decided from the file alone,
 * and hands over only that as a `FileDigest`: the records the engine holds on to, tagged with what for,
 * and the file's evidence. `CorrelationEngine.adopt` of the digest leaves the engine in the state that
 * ingesting every record of the file would have left, so the report is the same either way.
 *
 * It is also the reader's sieve: `generic` records it would drop are never built (`RecordSieve`).
 */
import type { ClusterEvent, Level } from '../events/types.js';
import type { RecordSieve } from '../parse/types.js';
import { EXTENDED, HostingTracker, NEW_SPAN } from './hosting.js';
import { parsePolicyCell, USE_TYPE_VALUE } from './model.js';
import { DEFAULT_LIMITS, FileEvidence, mergeSegmentEvidence, type KeptEvidence, type RetentionLimits, type SegmentEvidence } from './retention.js';
import { isSignificant, isTrigger } from './significance.js';
import { Topology } from './topology.js';

/** The record goes into the timeline and the incidents. */
export const SIGNIFICANT = 1;
/** The record teaches the topology something (`Topology.learn`). */
export const TOPOLOGY = 2;
/** The record starts or ends a span of RHS hosting (`HostingTracker.observe`). */
export const HOSTING = 4;

export interface TimeSpan {
  minWall: number | null;
  maxWall: number | null;
  minUtc: number | null;
  maxUtc: number | null;
}

/** What the engine takes in from one file. Plain data: it crosses from a worker thread by structured clone. */
export interface FileDigest {
  readonly file: string;
  /** Records in file order (hosting span ends may come later than their place), with `roles[i]` (bit set). */
  readonly events: ClusterEvent[];
  readonly roles: number[];
  readonly evidence: KeptEvidence;
  /** Wall-clock and UTC range of every record of the file, the ones left out included; null without records. */
  readonly span: TimeSpan | null;
}

/** A `FileDigest` of one segment of a file read in parts: its evidence as `mergeSegmentDigests` needs it. */
export interface SegmentDigest extends Omit<FileDigest, 'evidence'> {
  readonly evidence: SegmentEvidence;
}

/** What the intake needs from the rules: the evidence prefilter, and which generic records it can never accept. */
export interface IntakeRules {
  isEvidenceCandidate(e: ClusterEvent): boolean;
  /** False when no generic record of this level and component can pass `isEvidenceCandidate`. */
  keepsGeneric?(level: Level | null, component: string | null): boolean;
}

interface SpanEnd {
  e: ClusterEvent;
  /** Index in `events`, or -1 when the record is not there yet. */
  at: number;
}

export class FileIngest implements RecordSieve {
  private readonly events: ClusterEvent[] = [];
  private readonly roles: number[] = [];
  private readonly evidence: FileEvidence;
  private readonly topology = new Topology();
  private readonly hosting = new HostingTracker();
  /** Per resource key, the last record of its current hosting span when that is not the span's first. */
  private readonly spanEnds = new Map<string, SpanEnd>();
  private readonly span: TimeSpan = { minWall: null, maxWall: null, minUtc: null, maxUtc: null };
  private records = 0;

  /** `segment`: the records are one segment of the file, which starts with this look-back (see `finishSegment`). */
  constructor(
    readonly file: string,
    private readonly rules: IntakeRules,
    limits: RetentionLimits = DEFAULT_LIMITS,
    segment: { readonly lookbackMs: number } | null = null,
  ) {
    this.evidence = new FileEvidence(file, limits, segment);
  }

  keepGeneric(level: Level | null, component: string | null): boolean {
    return this.rules.keepsGeneric?.(level, component) ?? true;
  }

  skipped(wallMs: number | null, utcMs: number | null): void {
    this.note(wallMs, utcMs);
  }

  /** The same decisions as `CorrelationEngine.ingest`, on this file's records. */
  add(batch: readonly ClusterEvent[]): void {
    for (const e of batch) {
      this.note(e.wallMs, e.utcMs);
      let role = this.topology.learn(e) ? TOPOLOGY : 0;
      if (e.type === 'config.row') {
        const dt = customDeadlockTimeout(e);
        if (dt !== null) this.evidence.widenLookback(dt);
        this.push(e, role);
        continue;
      }
      const change = this.hosting.observe(e);
      if (isSignificant(e)) {
        role |= SIGNIFICANT;
        if (isTrigger(e)) this.evidence.noteTrigger(e);
      } else if (e.type === 'res.message' || this.rules.isEvidenceCandidate(e)) {
        this.evidence.add(e);
      }
      if (change === 0) {
        if (role !== 0) this.push(e, role);
        continue;
      }
      const key = this.hosting.changedKey;
      if (change === NEW_SPAN) {
        // The span before ends here: its last record must reach the engine before this one.
        this.closeSpan(key);
        this.push(e, role | HOSTING);
        continue;
      }
      const at = role !== 0 ? this.push(e, role) : -1;
      const end = this.spanEnds.get(key);
      if (end === undefined) this.spanEnds.set(key, { e, at });
      else {
        end.e = e;
        end.at = at;
      }
    }
  }

  finish(): FileDigest {
    return { ...this.closeAll(), evidence: this.evidence.kept() };
  }

  /** The digest of a segment (an intake made with `segment`). */
  finishSegment(): SegmentDigest {
    return { ...this.closeAll(), evidence: this.evidence.segmentEvidence() };
  }

  /** Ends the hosting spans still open; the digest but its evidence. */
  private closeAll(): Omit<FileDigest, 'evidence'> {
    for (const key of [...this.spanEnds.keys()]) this.closeSpan(key);
    return { file: this.file, events: this.events, roles: this.roles, span: this.records > 0 ? this.span : null };
  }

  private closeSpan(key: string): void {
    const end = this.spanEnds.get(key);
    if (end === undefined) return;
    this.spanEnds.delete(key);
    if (end.at >= 0) this.roles[end.at]! |= HOSTING;
    else this.push(end.e, HOSTING);
  }

  private push(e: ClusterEvent, role: number): number {
    this.events.push(e);
    this.roles.push(role);
    return this.events.length - 1;
  }

  private note(wall: number | null, utc: number | null): void {
    this.records++;
    const s = this.span;
    if (wall !== null) {
      if (s.maxWall === null || wall > s.maxWall) s.maxWall = wall;
      if (s.minWall === null || wall < s.minWall) s.minWall = wall;
    }
    if (utc !== null) {
      if (s.maxUtc === null || utc > s.maxUtc) s.maxUtc = utc;
      if (s.minUtc === null || utc < s.minUtc) s.minUtc = utc;
    }
  }
}

/** The DeadlockTimeout an object-table row sets, when it sets one of its own. */
export function customDeadlockTimeout(e: ClusterEvent): number | null {
  if (e.type !== 'config.row') return null;
  const dt = parsePolicyCell(Object.entries(e.row).find(([k]) => k.toLowerCase() === 'deadlocktimeout')?.[1]);
  return dt !== null && dt !== USE_TYPE_VALUE ? dt : null;
}

/** A segment's digest, and the lines of the file before the segment. */
export interface DigestPart {
  readonly digest: SegmentDigest;
  readonly lineOffset: number;
}

/**
 * The digest of a whole file from the digests of its segments, in file order; null when it cannot be the
 * same as reading the file in one go (`mergeSegmentEvidence`). Line numbers, relative to each segment,
 * are moved to the file's.
 *
 * The rest needs no fixing: significance is per record; topology facts are first-come, so a record that
 * taught a segment something and was already known from an earlier one is a no-op for the engine; and a
 * hosting span cut at a segment boundary reaches the engine as its first and last records plus the two
 * records either side of the boundary, which extend the same span.
 */
export function mergeSegmentDigests(file: string, parts: readonly DigestPart[], limits: RetentionLimits = DEFAULT_LIMITS): FileDigest | null {
  for (const { digest, lineOffset } of parts) if (lineOffset !== 0) shiftLines(digest, lineOffset);
  const evidence = mergeSegmentEvidence(
    file,
    parts.map((p) => ({ evidence: p.digest.evidence, lineOffset: p.lineOffset })),
    limits,
  );
  if (evidence === null) return null;
  const events: ClusterEvent[] = [];
  const roles: number[] = [];
  let span: TimeSpan | null = null;
  for (const { digest } of parts) {
    for (const e of digest.events) events.push(e);
    for (const r of digest.roles) roles.push(r);
    span = joinSpans(span, digest.span);
  }
  return { file, events, roles, evidence, span };
}

function shiftLines(d: SegmentDigest, offset: number): void {
  const seen = new Set<ClusterEvent['source']>();
  const shift = (e: ClusterEvent): void => {
    if (seen.has(e.source)) return;
    seen.add(e.source);
    (e.source as { line: number }).line += offset;
  };
  for (const e of d.events) shift(e);
  for (const r of d.evidence.rings) for (const e of r.items) shift(e);
  for (const e of d.evidence.pinned) shift(e);
}

function joinSpans(a: TimeSpan | null, b: TimeSpan | null): TimeSpan | null {
  if (a === null) return b === null ? null : { ...b };
  if (b === null) return a;
  const min = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.min(x, y));
  const max = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.max(x, y));
  return { minWall: min(a.minWall, b.minWall), maxWall: max(a.maxWall, b.maxWall), minUtc: min(a.minUtc, b.minUtc), maxUtc: max(a.maxUtc, b.maxUtc) };
}
