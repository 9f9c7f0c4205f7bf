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
import { DEFAULT_LIMITS, FileEvidence, type KeptEvidence, type RetentionLimits } from './retention.js';
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

  constructor(
    readonly file: string,
    private readonly rules: IntakeRules,
    limits: RetentionLimits = DEFAULT_LIMITS,
  ) {
    this.evidence = new FileEvidence(file, limits);
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
        const dt = parsePolicyCell(Object.entries(e.row).find(([k]) => k.toLowerCase() === 'deadlocktimeout')?.[1]);
        if (dt !== null && dt !== USE_TYPE_VALUE) this.evidence.widenLookback(dt);
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
    for (const key of [...this.spanEnds.keys()]) this.closeSpan(key);
    const span = this.records > 0 ? this.span : null;
    return { file: this.file, events: this.events, roles: this.roles, evidence: this.evidence.kept(), span };
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
