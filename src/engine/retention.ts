/**
 * Bounded retention of evidence records (RES lines and rule candidates) so that memory does not grow
 * with input size: rings of the most recent records per node, and per resource for RES lines (a chatty
 * resource cannot push out the last lines of one that hung), plus records pinned because they fall in
 * the window of a failure seen in the same file (which rings alone would lose on a large log).
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
  /** Records kept in failure windows beyond the rings, over all nodes. */
  readonly pinnedMax: number;
}

export const DEFAULT_LIMITS: RetentionLimits = { resPerResource: 256, resourcesPerNode: 1_000, otherPerNode: 20_000, pinnedMax: 200_000 };

const MIN = 60_000;
/** Follow-up kept after a failure in the same file. */
const PIN_AFTER_MS = 3 * MIN;
/** For records without a time: how many lines either side of a failure in the same file. */
const PIN_LINES = 5_000;

interface Trigger {
  readonly wallMs: number | null;
  readonly line: number;
}

export class EvidenceStore {
  /** node → resource key (`''` for RES lines naming none) → ring. */
  private readonly res = new Map<string, Map<string, Ring<ClusterEvent>>>();
  private writes = 0;
  private readonly other = new Map<string, Ring<ClusterEvent>>();
  private readonly pinned: ClusterEvent[] = [];
  private readonly triggers = new Map<string, Trigger[]>();
  /** Look-back kept before a failure: the longest call a deadlock can cover plus margin (§10 step 2). */
  private lookbackMs = 12 * MIN;
  /** Records in failure windows that did not fit under `pinnedMax`. */
  pinnedOverflow = 0;

  constructor(private readonly limits: RetentionLimits = DEFAULT_LIMITS) {}

  /** A failure was seen: keep what surrounds it in its own file (the file's wall clock is consistent). */
  noteTrigger(e: ClusterEvent): void {
    let list = this.triggers.get(e.source.file);
    if (list === undefined) this.triggers.set(e.source.file, (list = []));
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

  /** Everything retained, in no particular order. */
  *all(): IterableIterator<ClusterEvent> {
    for (const rings of this.res.values()) for (const ring of rings.values()) yield* ring.values();
    for (const ring of this.other.values()) yield* ring.values();
    yield* this.pinned;
  }

  private isPinnable(e: ClusterEvent): boolean {
    const list = this.triggers.get(e.source.file);
    if (list === undefined) return false;
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

function compareTrigger(a: Trigger, b: Trigger): number {
  if (a.wallMs === null) return b.wallMs === null ? a.line - b.line : 1;
  if (b.wallMs === null) return -1;
  return a.wallMs - b.wallMs;
}
