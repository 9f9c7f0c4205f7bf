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

  constructor(private readonly capacity: number) {
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
/** Follow-up kept after a failure in the same file. */
const PIN_AFTER_MS = 3 * MIN;
/** For records without a time: how many lines either side of a failure in the same file. */
const PIN_LINES = 5_000;

interface Trigger {
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
  private lookbackMs = 12 * MIN;
  pinnedOverflow = 0;

  constructor(
    readonly file: string,
    private readonly limits: RetentionLimits = DEFAULT_LIMITS,
  ) {}

  /** A failure was seen: keep what surrounds it in this file (the file's wall clock is consistent). */
  noteTrigger(e: ClusterEvent): void {
    const list = this.triggers;
    const t: Trigger = { wallMs: e.wallMs, line: e.source.line };
    // Mostly appended in order; keep sorted by wall time for the binary search in `isPinnable`.
    let i = list.length;
    while (i > 0 && compareTrigger(list[i - 1]!, t) > 0) i--;
    list.splice(i, 0, t);
  }

  /** A custom DeadlockTimeout longer than the default widens what is kept before a failure. */
  widenLookback(deadlockTimeoutMs: number): void {
    this.lookbackMs = Math.max(this.lookbackMs, 2 * deadlockTimeoutMs + 2 * MIN);
  }

  add(e: ClusterEvent): void {
    const node = nodeKeyOf(e.node);
    if (e.type !== 'res.message') {
      let ring = this.other.get(node);
      if (ring === undefined) this.other.set(node, (ring = new Ring(this.limits.otherPerNode)));
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
    for (const x of rings.get(oldest)!.values()) this.evict(x);
    rings.delete(oldest);
  }

  private evict(e: ClusterEvent | undefined): void {
    if (e === undefined) return;
    if (!this.isPinnable(e)) return;
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

  private isPinnable(e: ClusterEvent): boolean {
    const list = this.triggers;
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
    if (first !== undefined && first.wallMs !== null && first.wallMs <= e.wallMs + this.lookbackMs) return true;
    // Triggers without a time (sorted last) fall back to line distance.
    return list.some((t) => t.wallMs === null && near(t));
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
