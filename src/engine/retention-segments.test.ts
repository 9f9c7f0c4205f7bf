/**
 * A file read in segments keeps the same evidence as the file read in one go: `mergeSegmentEvidence`
 * either rebuilds exactly the records a whole-file `FileEvidence` keeps (rings and pins), or says it
 * cannot (null), never something else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../events/types.js';
import { DEFAULT_LOOKBACK_MS, FileEvidence, mergeSegmentEvidence, type RetentionLimits } from './retention.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 2, 1, 8, 0);

interface Op {
  /** Resource index for a RES line, -1 for another evidence record. */
  readonly resource: number;
  readonly trigger: boolean;
  /** A custom DeadlockTimeout row (minutes), widening the look-back. */
  readonly widen: number | null;
  readonly stepMs: number;
  readonly untimed: boolean;
}

function record(op: Op, line: number, wallMs: number | null): ClusterEvent {
  const base = {
    node: 'NODE1',
    source: { file: 'n1_cluster.log', line },
    sourceKind: 'cluster-log',
    wallMs,
    utcMs: wallMs,
    timeText: null,
    level: 'INFO',
    pid: 100,
    tid: 1,
    component: 'RES',
    channel: null,
    text: `line ${line}`,
  };
  if (op.resource < 0) return { ...base, component: 'NM', type: 'generic' } as unknown as ClusterEvent;
  return { ...base, type: 'res.message', resource: `Disk ${op.resource}`, resourceType: null, entryPoint: null, dll: null, message: '' } as unknown as ClusterEvent;
}

/** Feeds records `[from, to)` of the stream (lines relative to `from` when `relative`). */
function feed(ev: FileEvidence, ops: readonly Op[], walls: readonly (number | null)[], from: number, to: number, relative: boolean): void {
  for (let i = from; i < to; i++) {
    const op = ops[i]!;
    const e = record(op, relative ? i - from + 1 : i + 1, walls[i]!);
    if (op.widen !== null) ev.widenLookback(op.widen * MIN);
    if (op.trigger) ev.noteTrigger(e);
    else ev.add(e);
  }
}

const lines = (events: Iterable<ClusterEvent>): number[] => [...events].map((e) => e.source.line).sort((a, b) => a - b);

const opArb: fc.Arbitrary<Op> = fc.record({
  resource: fc.integer({ min: -1, max: 5 }),
  trigger: fc.integer({ min: 0, max: 60 }).map((n) => n === 0),
  widen: fc.integer({ min: 0, max: 400 }).map((n) => (n === 0 ? 30 : null)),
  stepMs: fc.integer({ min: 0, max: 40_000 }),
  untimed: fc.integer({ min: 0, max: 300 }).map((n) => n === 0),
});

describe('mergeSegmentEvidence', () => {
  it('keeps exactly what a whole-file read keeps, or declines', () => {
    let merged = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 50, maxLength: 1500 }),
        fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<RetentionLimits>(
          { resPerResource: 8, resourcesPerNode: 10, otherPerNode: 16, pinnedMax: 10_000 },
          { resPerResource: 3, resourcesPerNode: 4, otherPerNode: 5, pinnedMax: 10_000 },
          { resPerResource: 8, resourcesPerNode: 10, otherPerNode: 16, pinnedMax: 20 },
        ),
        fc.boolean(),
        (ops, fractions, limits, informed) => {
          runs++;
          let t = T0;
          const walls = ops.map((op) => {
            t += op.stepMs;
            // Clocks of busy threads write slightly out of order.
            return op.untimed ? null : t - (op.stepMs % 3) * 1000;
          });
          const whole = new FileEvidence('n1_cluster.log', limits);
          feed(whole, ops, walls, 0, ops.length, false);
          const expected = whole.kept();

          const cuts = [...new Set(fractions.map((f) => Math.floor(f * ops.length)))].filter((c) => c > 0).sort((a, b) => a - b);
          const bounds = [0, ...cuts, ops.length];
          // A segment starts with the default look-back, or (informed) the one in force at its cut.
          const lookbackAt = (from: number): number => {
            const probe = new FileEvidence('n1_cluster.log', limits);
            for (const op of ops.slice(0, from)) if (op.widen !== null) probe.widenLookback(op.widen * MIN);
            return probe.lookback;
          };
          const parts = bounds.slice(0, -1).map((from, k) => {
            const seg = new FileEvidence('n1_cluster.log', limits, { lookbackMs: informed ? lookbackAt(from) : DEFAULT_LOOKBACK_MS });
            feed(seg, ops, walls, from, bounds[k + 1]!, true);
            const evidence = seg.segmentEvidence();
            // Records come back with the file's line numbers, as `mergeSegmentDigests` moves them.
            const moved = new Set<unknown>();
            for (const e of [...evidence.rings.flatMap((r) => r.items), ...evidence.pinned]) {
              if (moved.has(e.source)) continue;
              moved.add(e.source);
              (e.source as { line: number }).line += from;
            }
            return { evidence, lineOffset: from };
          });
          const got = mergeSegmentEvidence('n1_cluster.log', parts, limits);
          if (got === null) return;
          merged++;
          expect(lines(got.ringed)).toEqual(lines(expected.ringed));
          expect(lines(got.pinned)).toEqual(lines(expected.pinned));
          expect(got.pinnedOverflow).toBe(expected.pinnedOverflow);
        },
      ),
      { numRuns: 400, seed: 20261123 },
    );
    // Declining is the safe way out, not the usual one.
    expect(merged).toBeGreaterThan(runs * 0.4);
  });

  it('declines when a failure just before a cut reaches records the next segment evicted', () => {
    const limits: RetentionLimits = { resPerResource: 2, resourcesPerNode: 10, otherPerNode: 4, pinnedMax: 100 };
    const op: Op = { resource: 1, trigger: false, widen: null, stepMs: 1000, untimed: false };
    const ops: Op[] = Array.from({ length: 20 }, (_, i) => (i === 9 ? { ...op, trigger: true } : op));
    const walls = ops.map((_, i) => T0 + i * 1000);
    const whole = new FileEvidence('f', limits);
    feed(whole, ops, walls, 0, 20, false);
    // The trigger at line 10 pins what follows within three minutes: records 11.. evicted in the second segment.
    expect(whole.kept().pinned.length).toBeGreaterThan(0);
    const a = new FileEvidence('f', limits, { lookbackMs: DEFAULT_LOOKBACK_MS });
    feed(a, ops, walls, 0, 10, true);
    const b = new FileEvidence('f', limits, { lookbackMs: DEFAULT_LOOKBACK_MS });
    feed(b, ops, walls, 10, 20, true);
    const second = b.segmentEvidence();
    for (const e of [...second.rings.flatMap((r) => r.items), ...second.pinned]) (e.source as { line: number }).line += 10;
    expect(mergeSegmentEvidence('f', [{ evidence: a.segmentEvidence(), lineOffset: 0 }, { evidence: second, lineOffset: 10 }], limits)).toBeNull();
  });
});
