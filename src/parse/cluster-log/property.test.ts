import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../events/types.js';
import type { ReadContext, ReadState } from '../types.js';
import { MESSAGE_ROWS } from './messages.js';
import { ClusterLogParser, clusterLogReader } from './index.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/cluster-log/', import.meta.url));

/** Realistic lines to mutate: every fixture line plus every message-table sample. */
const POOL: string[] = (() => {
  const lines: string[] = [];
  for (const name of readdirSync(FIXTURES)) {
    const bytes = readFileSync(FIXTURES + name);
    const text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-8').decode(bytes);
    lines.push(...text.split(/\r?\n/));
  }
  for (const row of MESSAGE_ROWS) lines.push(...row.samples);
  return lines;
})();

const mutated: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...POOL), fc.nat(), fc.nat(), fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 5 }))
  .map(([line, a, b, insert, op]) => {
    const i = line.length === 0 ? 0 : a % line.length;
    const j = line.length === 0 ? 0 : b % line.length;
    switch (op) {
      case 0:
        return line.slice(0, i); // truncated
      case 1:
        return line.slice(0, i) + insert + line.slice(i); // inserted noise
      case 2:
        return line.slice(0, i) + insert + line.slice(i + 1); // replaced character
      case 3:
        return line.slice(Math.min(i, j), Math.max(i, j)); // a slice from the middle
      case 4:
        return `[${insert}] ${line}`; // unexpected channel prefix
      default:
        return line.replace(/\d/g, (d) => String((Number(d) + (a % 10)) % 10)); // digits shifted: invalid dates/times
    }
  });

const anyLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mutated },
  { weight: 3, arbitrary: fc.constantFrom(...POOL) },
  { weight: 2, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '[=== Resources ===]', '[=== System ===]', '[=== Cluster ===]', '"unterminated,quote', '[=== Cluster Logs ===]') },
);

function newState(): ReadState {
  return {
    node: 'n',
    nodeFrom: 'file name',
    dialect: null,
    zone: { basis: 'utc', offsetMinutes: 0, how: '' },
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
}

function ctx(state: ReadState): ReadContext {
  return { file: 'fuzz.log', options: {}, state, diagnostic: () => undefined };
}

describe('property: every line is accounted for, nothing throws', () => {
  it('records + continuations + unparsed = lines', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 60 }), (lines) => {
        const state = newState();
        const parser = new ClusterLogParser(ctx(state));
        const out: ClusterEvent[] = [];
        for (const l of lines) parser.push(l, out);
        parser.finish(out);
        const s = parser.stats;
        expect(s.lines).toBe(lines.length);
        expect(s.records + s.continuations + s.unparsed).toBe(lines.length);
        expect(out.length).toBe(s.records);
        expect(state.records).toBe(s.records);
        expect(state.unparsed).toBe(s.unparsed);
        for (const e of out) {
          expect(e.source.line).toBeGreaterThanOrEqual(1);
          expect(e.source.line).toBeLessThanOrEqual(lines.length);
          if (e.wallMs !== null) expect(Number.isFinite(e.wallMs)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the reader never throws and counts what it yields', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyLine, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), async (lines, size) => {
        const state = newState();
        async function* batches(): AsyncIterable<string[]> {
          for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
        }
        let n = 0;
        for await (const batch of clusterLogReader.read(batches(), ctx(state))) n += batch.length;
        expect(state.records).toBe(n);
        expect(clusterLogReader.sniff(lines)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});
