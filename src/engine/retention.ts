/**
 * Bounded retention of evidence records (RES lines and rule candidates) so that memory does not grow
 * with input size: rings of the most recent records per node, and per resource for RES lines (a chatty
 * resource cannot push out the last lines of one that hung), plus records pinned because they fall in
 * the window of a failure seen in the same file (which rings alone would lose on a large log). All of it
 * is kept per input file.
 */
import type { ClusterEvent } from '../events/types.js';
import { nameKey, nodeKeyOf } from './names.js';

/** Fixed-capacity ring; `push` returns the record it evicted, if any. */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private size = 0;
  /** When the ring was last written to, in writes to its store (for least-recently-used eviction). */
  touched = 0;
  /** Segment reading only: pushes so far, and [push number, epoch] pairs where the epoch changed. */
  pushes = 0;
  lastEpoch = -1;
  epochs: number[] | null = null;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): T | undefined {
    const evicted = this.size === this.capacity ? this.items[this.next] : undefined;
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    return evicted;
  }

  *values(): IterableIterator<T> {
    const start = this.size === this.capacity ? this.next : 0;
    for (let i = 0; i < this.size; i++) yield this.items[(start + i) % this.capacity] as T;
  }
}

export interface RetentionLimits {
  /** Most recent RES lines kept per resource and node (and for RES lines naming no resource, per node). */
  readonly resPerResource: number;
  /** Resources per node with their own ring; the least recently heard one gives its ring up. */
  readonly resourcesPerNode: number;
  /** Most recent other evidence candidates kept per node. */
  readonly otherPerNode: number;
  /** Records kept in failure windows beyond the rings, over all inputs (in input order). */
  readonly pinnedMax: number;
}

export const DEFAULT_LIMITS: RetentionLimits = { resPerResource: 256, resourcesPerNode: 1_000, otherPerNode: 20_000, pinnedMax: 100_000 };

const MIN = 60_000;
/** Look-back kept before a failure: the longest call a deadlock can cover plus margin (§10 step 2). */
export const DEFAULT_LOOKBACK_MS = 12 * MIN;
/** Follow-up kept after a failure in the same file. */
const PIN_AFTER_MS = 3 * MIN;
/** For records without a time: how many lines either side of a failure in the same file. */
const PIN_LINES = 5_000;

export interface Trigger {
  readonly wallMs: number | null;
  readonly line: number;
}

/**
 * What one input kept, once read: the contents of its rings, then the records pinned in failure
 * windows in the order they were pinned. A worker hands this over instead of every record.
 */
export interface KeptEvidence {
  readonly file: string;
  readonly ringed: ClusterEvent[];
  readonly pinned: ClusterEvent[];
  /** Records in failure windows that did not fit under `pinnedMax`. */
  readonly pinnedOverflow: number;
}

/**
 * The evidence of one input file. Rings, triggers and the look-back are per file: what a file keeps
 * depends on that file only, so inputs can be read in any order or in parallel and give the same result.
 */
export class FileEvidence {
  /** node → resource key (`''` for RES lines naming none) → ring. */
  private readonly res = new Map<string, Map<string, Ring<ClusterEvent>>>();
  private writes = 0;
  private readonly other = new Map<string, Ring<ClusterEvent>>();
  readonly pinned: ClusterEvent[] = [];
  private readonly triggers: Trigger[] = [];
  /** Look-back kept before a failure: the longest call a deadlock can cover plus margin (§10 step 2). */
  private lookbackMs: number = DEFAULT_LOOKBACK_MS;
  pinnedOverflow = 0;
  /** Set when the file is read in segments: what merging them needs (see `SegmentEvidence`). */
  private readonly segment: SegmentTrack | null;

  /** `segment`: the records are one segment of a file, which starts with this look-back. */
  constructor(
    readonly file: string,
    private readonly limits: RetentionLimits = DEFAULT_LIMITS,
    segment: { readonly lookbackMs: number } | null = null,
  ) {
    if (segment !== null) this.lookbackMs = segment.lookbackMs;
    this.segment = segment !== null ? newSegmentTrack(this.lookbackMs) : null;
  }

  /** The look-back in force now. */
  get lookback(): number {
    return this.lookbackMs;
  }

  /** A failure was seen: keep what surrounds it in this file (the file's wall clock is consistent). */
  noteTrigger(e: ClusterEvent): void {
    const list = this.triggers;
    const t: Trigger = { wallMs: e.wallMs, line: e.source.line };
    // Mostly appended in order; keep sorted by wall time for the binary search in `isPinnable`.
    let i = list.length;
    while (i > 0 && compareTrigger(list[i - 1]!, t) > 0) i--;
    list.splice(i, 0, t);
    if (this.segment !== null) {
      this.segment.triggers.push(t);
      this.nextEpoch(this.segment);
    }
  }

  /** A custom DeadlockTimeout longer than the default widens what is kept before a failure. */
  widenLookback(deadlockTimeoutMs: number): void {
    const widened = Math.max(this.lookbackMs, 2 * deadlockTimeoutMs + 2 * MIN);
    if (widened === this.lookbackMs) return;
    this.lookbackMs = widened;
    if (this.segment !== null) this.nextEpoch(this.segment);
  }

  private nextEpoch(track: SegmentTrack): void {
    track.epochs.push({ triggers: track.triggers.length, lookbackMs: this.lookbackMs });
  }

  /** Segment reading: notes a push into `ring` and the epoch it happened in. */
  private tracked(ring: Ring<ClusterEvent>, track: SegmentTrack): void {
    ring.pushes++;
    const epoch = track.epochs.length - 1;
    if (ring.lastEpoch !== epoch) {
      (ring.epochs ??= []).push(ring.pushes, epoch);
      ring.lastEpoch = epoch;
    }
  }

  add(e: ClusterEvent): void {
    const node = nodeKeyOf(e.node);
    if (e.type !== 'res.message') {
      let ring = this.other.get(node);
      if (ring === undefined) this.other.set(node, (ring = new Ring(this.limits.otherPerNode)));
      if (this.segment !== null) this.tracked(ring, this.segment);
      this.evict(ring.push(e));
      return;
    }
    let rings = this.res.get(node);
    if (rings === undefined) this.res.set(node, (rings = new Map()));
    const key = e.resource !== null ? nameKey(e.resource) : '';
    let ring = rings.get(key);
    if (ring === undefined) {
      if (rings.size >= this.limits.resourcesPerNode) this.dropLeastRecent(rings);
      rings.set(key, (ring = new Ring(this.limits.resPerResource)));
    }
    ring.touched = ++this.writes;
    if (this.segment !== null) this.tracked(ring, this.segment);
    this.evict(ring.push(e));
  }

  /** Rare (more resources than the limit): a linear scan is cheaper than keeping an order on every write. */
  private dropLeastRecent(rings: Map<string, Ring<ClusterEvent>>): void {
    let oldest: string | null = null;
    let min = Infinity;
    for (const [key, ring] of rings) {
      if (ring.touched < min) {
        min = ring.touched;
        oldest = key;
      }
    }
    if (oldest === null) return;
    if (this.segment !== null) this.segment.droppedRings = true;
    for (const x of rings.get(oldest)!.values()) this.evict(x);
    rings.delete(oldest);
  }

  private evict(e: ClusterEvent | undefined): void {
    if (e === undefined) return;
    if (!isPinnable(this.triggers, e, this.lookbackMs)) {
      if (this.segment !== null) noteUnpinned(this.segment.unpinned, e);
      return;
    }
    if (this.pinned.length < this.limits.pinnedMax) this.pinned.push(e);
    else this.pinnedOverflow++;
  }

  /** The records in the rings, in a fixed order. */
  *ringed(): IterableIterator<ClusterEvent> {
    for (const rings of this.res.values()) for (const ring of rings.values()) yield* ring.values();
    for (const ring of this.other.values()) yield* ring.values();
  }

  kept(): KeptEvidence {
    return { file: this.file, ringed: [...this.ringed()], pinned: this.pinned, pinnedOverflow: this.pinnedOverflow };
  }

  /** What merging this file's segment with the others needs (segment reading only). */
  segmentEvidence(): SegmentEvidence {
    const track = this.segment;
    if (track === null) throw new Error('segmentEvidence() needs a FileEvidence made for a segment');
    const rings: SegmentRing[] = [];
    const describe = (kind: SegmentRing['kind'], node: string, key: string, ring: Ring<ClusterEvent>): SegmentRing => ({
      kind,
      node,
      key,
      capacity: ring.capacity,
      items: [...ring.values()],
      pushes: ring.pushes,
      epochs: ring.epochs ?? [],
    });
    for (const [node, byKey] of this.res) for (const [key, ring] of byKey) rings.push(describe('res', node, key, ring));
    for (const [node, ring] of this.other) rings.push(describe('other', node, '', ring));
    return {
      file: this.file,
      rings,
      pinned: this.pinned,
      pinnedOverflow: this.pinnedOverflow,
      triggers: track.triggers,
      epochs: track.epochs,
      unpinned: track.unpinned,
      droppedRings: track.droppedRings,
    };
  }
}

/**
 * Evidence of every input: what each file kept (`FileEvidence.kept()`), in the order files came, under
 * one cap on pinned records for all of them.
 */
export class EvidenceStore {
  private readonly files = new Map<string, KeptEvidence>();

  constructor(private readonly limits: RetentionLimits = DEFAULT_LIMITS) {}

  /** What a file kept; pinned records beyond what is left of the shared cap are dropped and counted. */
  adopt(kept: KeptEvidence): void {
    const room = Math.max(0, this.limits.pinnedMax - this.pinned());
    const pinned = kept.pinned.length <= room ? kept.pinned : kept.pinned.slice(0, room);
    this.files.set(kept.file, { ...kept, pinned, pinnedOverflow: kept.pinnedOverflow + (kept.pinned.length - pinned.length) });
  }

  private pinned(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.pinned.length;
    return n;
  }

  get pinnedOverflow(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.pinnedOverflow;
    return n;
  }

  /** Everything retained, file by file (in the order files came), rings then pinned records. */
  *all(): IterableIterator<ClusterEvent> {
    for (const f of this.files.values()) {
      yield* f.ringed;
      yield* f.pinned;
    }
  }
}

function compareTrigger(a: Trigger, b: Trigger): number {
  if (a.wallMs === null) return b.wallMs === null ? a.line - b.line : 1;
  if (b.wallMs === null) return -1;
  return a.wallMs - b.wallMs;
}

/**
 * Whether a record evicted from a ring is kept: a failure of the same file (`list`, sorted by
 * `compareTrigger`) falls between `PIN_AFTER_MS` before it and `lookbackMs` after it, or, for records or
 * triggers without a time, within `PIN_LINES` lines.
 */
export function isPinnable(list: readonly Trigger[], e: ClusterEvent, lookbackMs: number): boolean {
  if (list.length === 0) return false;
  const near = (t: Trigger): boolean => Math.abs(t.line - e.source.line) <= PIN_LINES;
  if (e.wallMs === null) return list.some(near);
  // First timed trigger at or after (record − follow-up): pinned if that trigger is within the look-back.
  const from = e.wallMs - PIN_AFTER_MS;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const w = list[mid]!.wallMs;
    if (w !== null && w < from) lo = mid + 1;
    else hi = mid;
  }
  const first = list[lo];
  if (first !== undefined && first.wallMs !== null && first.wallMs <= e.wallMs + lookbackMs) return true;
  // Triggers without a time (sorted last) fall back to line distance.
  return list.some((t) => t.wallMs === null && near(t));
}

// ---- reading one file in segments ----------------------------------------------------------------

/** Bounds of the records a segment evicted without pinning them. */
export interface UnpinnedBounds {
  minWall: number | null;
  maxWall: number | null;
  /** Lowest line of an evicted unpinned record, and of one without a time. */
  minLine: number | null;
  minUntimedLine: number | null;
}

/** An evidence ring as a segment left it. */
export interface SegmentRing {
  readonly kind: 'res' | 'other';
  readonly node: string;
  readonly key: string;
  readonly capacity: number;
  /** Records in the ring at the end of the segment, oldest first. */
  readonly items: ClusterEvent[];
  /** Records pushed into it during the segment. */
  readonly pushes: number;
  /** [push number (1-based), epoch] pairs: from that push on, the segment was in that epoch. */
  readonly epochs: number[];
}

/** What the segment knew at a time: how many of its triggers, and the look-back in force. */
export interface SegmentEpoch {
  readonly triggers: number;
  readonly lookbackMs: number;
}

/**
 * The evidence of one segment of a file, with what it takes to rebuild the evidence the whole file read
 * in one go would keep: rings with their push history, triggers in the order noted, and the bounds of
 * what was evicted unpinned (which a trigger of an earlier segment could have pinned).
 */
export interface SegmentEvidence {
  readonly file: string;
  readonly rings: SegmentRing[];
  readonly pinned: ClusterEvent[];
  readonly pinnedOverflow: number;
  /** Triggers in the order they were noted (lines relative to the segment until merged). */
  readonly triggers: Trigger[];
  /** Epoch 0 is the start of the segment. */
  readonly epochs: SegmentEpoch[];
  readonly unpinned: UnpinnedBounds;
  /** A ring was given up for a newer resource (more resources than `resourcesPerNode`). */
  readonly droppedRings: boolean;
}

interface SegmentTrack {
  readonly triggers: Trigger[];
  readonly epochs: SegmentEpoch[];
  readonly unpinned: UnpinnedBounds;
  droppedRings: boolean;
}

function newSegmentTrack(lookbackMs: number): SegmentTrack {
  return {
    triggers: [],
    epochs: [{ triggers: 0, lookbackMs }],
    unpinned: { minWall: null, maxWall: null, minLine: null, minUntimedLine: null },
    droppedRings: false,
  };
}

function noteUnpinned(b: UnpinnedBounds, e: ClusterEvent): void {
  const line = e.source.line;
  if (b.minLine === null || line < b.minLine) b.minLine = line;
  const w = e.wallMs;
  if (w === null) {
    if (b.minUntimedLine === null || line < b.minUntimedLine) b.minUntimedLine = line;
    return;
  }
  if (b.minWall === null || w < b.minWall) b.minWall = w;
  if (b.maxWall === null || w > b.maxWall) b.maxWall = w;
}

/** A segment's evidence and where its lines start in the file (lines of its records already moved there). */
export interface SegmentPart {
  readonly evidence: SegmentEvidence;
  /** Lines of the file before the segment. */
  readonly lineOffset: number;
}

/**
 * The evidence reading the whole file in one go would have kept, from its segments in file order; null
 * when that cannot be told for sure from what the segments kept (the caller then reads the file in one go).
 *
 * A record evicted inside a segment is evicted at the same record in a whole-file read (rings are FIFO of
 * fixed size); only the triggers known at that moment differ: those of earlier segments are checked against
 * the bounds of what the segment evicted unpinned. A record left in a ring at the end of a segment is
 * evicted by a later push of the same ring, whose epoch tells which triggers were known then.
 */
export function mergeSegmentEvidence(file: string, parts: readonly SegmentPart[], limits: RetentionLimits = DEFAULT_LIMITS): KeptEvidence | null {
  const rings = new Map<string, { kind: SegmentRing['kind']; node: string; capacity: number; items: ClusterEvent[] }>();
  const known: Trigger[] = [];
  const pinned: ClusterEvent[] = [];
  let lookbackMs = DEFAULT_LOOKBACK_MS;
  for (let j = 0; j < parts.length; j++) {
    const { evidence: seg, lineOffset } = parts[j]!;
    if (seg.droppedRings || seg.pinnedOverflow > 0) return null;
    const own = seg.triggers.map((t) => ({ wallMs: t.wallMs, line: t.line + lineOffset }));
    if (j > 0) {
      // The segment was read with a guessed look-back: the one the segments before it ended with, or its pins differ.
      if (lookbackMs !== seg.epochs[0]!.lookbackMs) return null;
      if (!clearOf(known, seg.unpinned, lineOffset, lookbackMs)) return null;
    }
    const triggersAt = new Map<number, Trigger[]>();
    for (const r of seg.rings) {
      const id = `${r.kind}\u0000${r.node}\u0000${r.key}`;
      const before = rings.get(id);
      if (before === undefined) {
        rings.set(id, { kind: r.kind, node: r.node, capacity: r.capacity, items: r.items });
        continue;
      }
      const c = before.items.length;
      const evicted = Math.max(0, Math.min(c, c + r.pushes - r.capacity));
      for (let i = 0; i < evicted; i++) {
        // The segment's push that evicts it in a whole-file read, and what was known then.
        const push = i + r.capacity - c + 1;
        const at = epochAt(r.epochs, push);
        let triggers = triggersAt.get(at);
        if (triggers === undefined) triggersAt.set(at, (triggers = [...known, ...own.slice(0, seg.epochs[at]!.triggers)].sort(compareTrigger)));
        if (isPinnable(triggers, before.items[i]!, Math.max(lookbackMs, seg.epochs[at]!.lookbackMs))) pinned.push(before.items[i]!);
      }
      before.items = [...before.items.slice(evicted), ...r.items];
    }
    pinned.push(...seg.pinned);
    known.push(...own);
    lookbackMs = Math.max(lookbackMs, seg.epochs[seg.epochs.length - 1]!.lookbackMs);
  }
  if (pinned.length > limits.pinnedMax) return null;
  // Rings in the order a whole-file read makes them: resource rings node by node, then the others.
  const resByNode = new Map<string, ClusterEvent[][]>();
  for (const r of rings.values()) {
    if (r.kind !== 'res') continue;
    let list = resByNode.get(r.node);
    if (list === undefined) resByNode.set(r.node, (list = []));
    list.push(r.items);
  }
  const ringed: ClusterEvent[] = [];
  for (const list of resByNode.values()) {
    // A whole-file read would have given up rings for newer resources.
    if (list.length > limits.resourcesPerNode) return null;
    for (const items of list) ringed.push(...items);
  }
  for (const r of rings.values()) if (r.kind === 'other') ringed.push(...r.items);
  return { file, ringed, pinned, pinnedOverflow: 0 };
}

/** No trigger of an earlier segment reaches a record the segment evicted unpinned. */
function clearOf(known: readonly Trigger[], b: UnpinnedBounds, lineOffset: number, lookbackMs: number): boolean {
  if (b.minLine === null) return true;
  for (const t of known) {
    if (t.wallMs === null) {
      if (b.minLine + lineOffset - t.line <= PIN_LINES) return false;
      continue;
    }
    if (b.minUntimedLine !== null && b.minUntimedLine + lineOffset - t.line <= PIN_LINES) return false;
    // A timed record is pinned when the trigger falls in [wall − follow-up, wall + look-back].
    if (b.minWall !== null && b.maxWall !== null && t.wallMs + PIN_AFTER_MS >= b.minWall && t.wallMs - lookbackMs <= b.maxWall) return false;
  }
  return true;
}

/** Index into `epochs` of a ring's `[push, epoch]` pairs: the epoch of push number `push`. */
function epochAt(pairs: readonly number[], push: number): number {
  let epoch = 0;
  for (let i = 0; i < pairs.length && pairs[i]! <= push; i += 2) epoch = pairs[i + 1]!;
  return epoch;
}
