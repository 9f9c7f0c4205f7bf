import { describe, expect, it } from 'vitest';
import type { ClusterEvent, Level } from '../../events/types.js';
import { byteUnits, UnitLineSplitter } from '../../input/units.js';
import type { ReadContext, ReadState, RecordSieve } from '../types.js';
import { ClusterLogParser, DEFAULT_ZONE } from './parser.js';

function newState(): ReadState {
  return {
    node: 'n',
    nodeFrom: 'file name',
    dialect: null,
    zone: DEFAULT_ZONE,
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
}

/** Leaves out GUM and DM chatter and every DBG record (typed components are kept whatever it says). */
class TestSieve implements RecordSieve {
  readonly times: [number | null, number | null][] = [];
  readonly asked: string[] = [];
  keepGeneric(level: Level | null, component: string | null): boolean {
    this.asked.push(`${level} ${component}`);
    return !(component === 'GUM' || component === 'DM' || level === 'DBG');
  }
  skipped(wallMs: number | null, utcMs: number | null): void {
    this.times.push([wallMs, utcMs]);
  }
}

interface Run {
  events: ClusterEvent[];
  state: ReadState;
  stats: ClusterLogParser['stats'];
  dialect: string | null;
}

/** The lines through the parser from one-byte units (`units`) or as strings. */
function run(lines: readonly string[], sieve: RecordSieve | undefined, units: boolean): Run {
  const state = newState();
  const ctx: ReadContext = { file: 'f.log', options: {}, state, diagnostic: () => undefined, sieve };
  const parser = new ClusterLogParser(ctx);
  const events: ClusterEvent[] = [];
  if (units) {
    const splitter = new UnitLineSplitter();
    const text = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
    // Small chunks: records and their continuation lines fall in different batches.
    for (let at = 0; at < text.length; at += 97) {
      for (const batch of splitter.push(byteUnits(text.subarray(at, at + 97)))) parser.pushBatch(batch, events);
    }
    for (const batch of splitter.end()) parser.pushBatch(batch, events);
  } else {
    for (const line of lines) parser.push(line, events);
  }
  parser.finish(events);
  return { events, state, stats: { ...parser.stats }, dialect: parser.dialect() };
}

const P = '00000cf0.0000a38c::2023/03/06';
const LINES = [
  `${P}-00:00:07.760 INFO  [GUM] Node 1: Processing RequestLock 1:540`,
  `${P}-00:00:07.761 INFO  [RCM] rcm::RcmResource::OnlineWorker: Res Disk: Online -> OnlinePending`,
  `${P}-00:00:08.000 INFO  [DM] Node 1: Checkpointing`,
  'a continuation line of the DM record',
  '',
  'and one after a blank',
  `${P}-00:00:09.100 INFO  [IM] Changing the state of adapters according to result: <class mscs::InterfaceResult>`,
  `${P}-00:00:09.100 INFO    <fromNode>1</fromNode>`,
  `${P}-00:00:09.100 INFO  </class mscs::InterfaceResult>`,
  `${P}-00:00:10.000 DBG   [GUM] Changing the state: <class mscs::InterfaceResult>`,
  `${P}-00:00:10.000 DBG     <fromNode>1</fromNode>`,
  `${P}-00:00:10.000 DBG   </class mscs::InterfaceResult>`,
  `${P}-00:00:10.000 DBG   lost quorum (status = 5925)`,
  `${P}-00:00:11.000 ERR   [GUM] something failed`,
  `${P}-00:00:12.000 DBG   rcm::Foo[DM] function before the tag`,
  '00000cf0.0000a38c::2023/03/07-23:59:59.999 INFO  [GUM] the next day',
  'a38c::08-00:00:01.000 INFO  [NM] an NT4 line placed by the last full date',
  `${P}-00:00:13.000 INFO  [GUM] last, skipped`,
];

describe('ClusterLogParser with a sieve', () => {
  for (const units of [true, false]) {
    describe(units ? 'from units' : 'from strings', () => {
      const all = run(LINES, undefined, units);
      const sieve = new TestSieve();
      const kept = run(LINES, sieve, units);

      it('leaves records out but counts every line and record', () => {
        expect(kept.events.length).toBeLessThan(all.events.length);
        expect(kept.stats).toEqual(all.stats);
        expect(kept.state.records).toBe(all.state.records);
        expect(kept.dialect).toBe(all.dialect);
      });

      it('gives the times of the records it leaves out, and the file its time range', () => {
        const keptLines = new Set(kept.events.map((e) => e.source.line));
        const left = all.events.filter((e) => !keptLines.has(e.source.line));
        expect(left.every((e) => e.type === 'generic')).toBe(true);
        expect(sieve.times).toEqual(left.map((e) => [e.wallMs, e.utcMs]));
        expect(kept.state.firstUtcMs).toBe(all.state.firstUtcMs);
        expect(kept.state.lastUtcMs).toBe(all.state.lastUtcMs);
      });

      it('builds the records it keeps exactly as without a sieve', () => {
        const byLine = new Map(all.events.map((e) => [e.source.line, e]));
        for (const e of kept.events) expect(e).toEqual(byLine.get(e.source.line));
      });

      it('keeps struct dumps with the record they belong to when that record is left out', () => {
        // The DBG [GUM] record and its two struct lines are one record; `lost quorum` starts the next.
        const lost = all.events.find((e) => e.text === 'lost quorum (status = 5925)');
        expect(lost?.source.line).toBe(13);
        expect(kept.events.some((e) => e.source.line === 10 || e.source.line === 11)).toBe(false);
      });

      it('places NT4 lines by a full date seen on a record it left out', () => {
        const nt4 = kept.events.find((e) => e.component === 'NM');
        expect(nt4?.wallMs).toBe(Date.UTC(2023, 2, 8, 0, 0, 1));
      });

      it('asks the sieve once per level and component', () => {
        expect(sieve.asked).toContain('INFO GUM');
        expect(sieve.asked).toContain('DBG GUM');
        expect(new Set(sieve.asked).size).toBe(sieve.asked.length);
      });
    });
  }
});
