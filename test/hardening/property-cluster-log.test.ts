/**
 * Properties of the cluster.log line grammar and reader that the per-module property test
 * (src/parse/cluster-log/property.test.ts: line accounting over mutated single lines) does not cover:
 * the grammar reads back what a well-formed prefix says; whole files damaged the way merges and copies
 * damage them keep every line accounted for and every event in file order; how lines are batched
 * changes nothing; long runs of one character (in a worker thread with a time limit) never hang.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDecoder } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../src/events/types.js';
import type { CaseRunner as Runner } from '../../src/fuzz/pool.js';
import { ClusterLogParser, clusterLogReader, newParsedLine, parseLine } from '../../src/parse/cluster-log/index.js';
import type { ReadContext, ReadState } from '../../src/parse/types.js';
import { ROOT } from './support.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/cluster-log/', import.meta.url));
const COLLECTIONS = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function decode(bytes: Buffer): string[] {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[1] === 0 && bytes[0] !== 0);
  const lines = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes).replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every cluster.log we have: the dialect fixtures and one window of each collection's logs. */
const FILES: string[][] = [
  ...readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.log'))
    .map((n) => decode(readFileSync(FIXTURES + n))),
  ...readdirSync(COLLECTIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(COLLECTIONS + d.name)
        .filter((n) => n.endsWith('_cluster.log'))
        .slice(0, 1)
        .map((n) => decode(readFileSync(`${COLLECTIONS}${d.name}/${n}`)).slice(0, 300)),
    ),
];

function newState(): ReadState {
  return {
    node: 'N1',
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

const ctx = (state: ReadState): ReadContext => ({ file: 'prop.log', options: {}, state, diagnostic: () => undefined });

// ---------------------------------------------------------------- the grammar reads back a well-formed prefix

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
const LEVELS = ['INFO', 'WARN', 'ERR', 'DBG', 'CRIT'] as const;
const COMPONENTS = ['RCM', 'RHS', 'RES', 'NM', 'IM', 'GUM', 'NETFT', 'QUORUM', 'CHANNEL 10.1.0.22:~3343~', 'API'];
/** Message text that starts with a capital word and a blank, as messages do (never a level token or a tag). */
const messageText = fc
  .tuple(fc.constantFrom('Resource', 'Received', 'Node', 'Marking', 'Call', 'Dns'), fc.string({ maxLength: 60 }))
  .map(([w, rest]) => `${w} ${rest.replace(/[\r\n]/g, ' ')}`);

const prefix = fc.record({
  pid: fc.integer({ min: 0, max: 0xffffffff }),
  tid: fc.integer({ min: 0, max: 0xffffffff }),
  width: fc.constantFrom(8, 8, 8, 3, 4, 5, 6, 7),
  ms: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 11, 31, 23, 59, 59, 999) }),
  level: fc.option(fc.constantFrom(...LEVELS), { nil: null }),
  pad: fc.integer({ min: 1, max: 2 }),
  component: fc.option(fc.constantFrom(...COMPONENTS), { nil: null }),
  channel: fc.option(fc.constantFrom('Verbose', 'System'), { nil: null, freq: 5 }),
  text: messageText,
});

describe('grammar: a well-formed prefix reads back', () => {
  it('PID, TID, time, level, tag and text', () => {
    const p = newParsedLine();
    fc.assert(
      fc.property(prefix, (f) => {
        // Short ids only exist in old logs, always a few digits wide.
        const pid = f.width === 8 ? f.pid : f.pid % 16 ** f.width;
        const tid = f.width === 8 ? f.tid : f.tid % 16 ** f.width;
        const d = new Date(f.ms).toISOString();
        const time = `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}-${d.slice(11, 23)}`;
        const level = f.level === null ? '' : `${f.level.padEnd(f.level.length + f.pad)}`;
        const tag = f.component === null ? '' : `[${f.component}] `;
        const line = `${f.channel === null ? '' : `[${f.channel}] `}${hex(pid, f.width)}.${hex(tid, f.width)}::${time} ${level}${tag}${f.text}`;
        expect(parseLine(line, p), line).toBe(true);
        expect(p.pid).toBe(pid);
        expect(p.tid).toBe(tid);
        expect(p.wallMs).toBe(f.ms);
        expect(p.timeText).toBe(time);
        expect(p.level).toBe(f.level);
        expect(p.component).toBe(f.component);
        expect(p.channel).toBe(f.channel);
        expect(p.text).toBe(f.text);
        expect(p.shape).toBe(f.level === null ? 'legacy' : 'standard');
      }),
      { numRuns: 2000 },
    );
  });

  it('an impossible date or time leaves the time unknown, never a wrong one', () => {
    const p = newParsedLine();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 29, max: 39 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (month, day, hour, minute) => {
          const two = (n: number): string => String(n).padStart(2, '0');
          const line = `000014e8.00001f40::2023/${two(month)}/${two(day)}-${two(hour)}:${two(minute)}:00.000 INFO  [RCM] text`;
          parseLine(line, p);
          const valid = new Date(Date.UTC(2023, month - 1, day)).getUTCDate() === day && hour < 24 && minute < 60;
          if (valid) expect(p.wallMs).toBe(Date.UTC(2023, month - 1, day, hour, minute));
          else expect(p.wallMs).toBeNull();
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('any string: no exception, the same answer twice, fields of the right kind', () => {
    const significant = fc.constantFrom(...'0123456789abcdefABCDEF.:/-[] \t<>?xX#*()=,;"\'\u00a0\u3000'.split(''), 'INFO ', 'ERR ', '::', '2024/03/08-', '[===', '\ufeff');
    const line = fc.oneof(fc.string({ maxLength: 120 }), fc.array(significant, { maxLength: 60 }).map((a) => a.join('')));
    const a = newParsedLine();
    const b = newParsedLine();
    fc.assert(
      fc.property(line, (l) => {
        const ra = parseLine(l, a);
        const rb = parseLine(l, b);
        expect(rb).toBe(ra);
        if (!ra) return;
        expect(b).toEqual(a);
        for (const n of [a.pid, a.tid, a.dayOfMonth, a.timeOfDayMs, a.wallMs]) if (n !== null) expect(Number.isFinite(n) && n >= 0).toBe(true);
        expect(l.endsWith(a.text)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------- whole files, damaged

/** File-level damage: lines lost, repeated, moved, cut, joined (lost CRLF), split, a BOM mid-file, files pasted together. */
const damage = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat(), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), col: fc.nat() }),
  fc.record({ kind: fc.constant('join' as const), at: fc.nat(), n: fc.integer({ min: 2, max: 5 }) }),
  fc.record({ kind: fc.constant('split' as const), at: fc.nat(), col: fc.nat() }),
  fc.record({ kind: fc.constant('bom' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('paste' as const), at: fc.nat(), file: fc.nat(), from: fc.nat(), n: fc.integer({ min: 1, max: 60 }) }),
);
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function applyDamage(source: readonly string[], edits: readonly Damage[]): string[] {
  let lines = [...source];
  for (const e of edits) {
    if (lines.length === 0) break;
    const i = e.at % lines.length;
    const line = lines[i] ?? '';
    switch (e.kind) {
      case 'drop':
        lines.splice(i, e.n);
        break;
      case 'repeat':
        lines.splice(i, 0, ...lines.slice(i, i + e.n));
        break;
      case 'move': {
        const moved = lines.splice(i, e.n);
        lines.splice(e.to % (lines.length + 1), 0, ...moved);
        break;
      }
      case 'cut':
        lines = [...lines.slice(0, i), line.slice(0, e.col % (line.length + 1))];
        break;
      case 'join':
        lines.splice(i, e.n, lines.slice(i, i + e.n).join(''));
        break;
      case 'split': {
        const c = e.col % (line.length + 1);
        lines.splice(i, 1, line.slice(0, c), line.slice(c));
        break;
      }
      case 'bom':
        lines[i] = `\ufeff${line}`;
        break;
      case 'paste': {
        const other = FILES[e.file % FILES.length] ?? [];
        const from = other.length === 0 ? 0 : e.from % other.length;
        lines.splice(i, 0, ...other.slice(from, from + e.n));
        break;
      }
    }
  }
  return lines;
}

const damagedFile = fc
  .tuple(fc.nat({ max: FILES.length - 1 }), fc.array(damage, { maxLength: 8 }))
  .map(([f, edits]) => applyDamage(FILES[f] ?? [], edits));

async function readInBatches(lines: readonly string[], size: number): Promise<{ events: ClusterEvent[]; state: ReadState }> {
  const state = newState();
  async function* batches(): AsyncIterable<string[]> {
    for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
  }
  const events: ClusterEvent[] = [];
  for await (const batch of clusterLogReader.read(batches(), ctx(state))) events.push(...batch);
  return { events, state };
}

describe('reader: damaged whole files', () => {
  it('every line is a record, a continuation or unparsed; events come out once each, in file order', () => {
    fc.assert(
      fc.property(damagedFile, (lines) => {
        const state = newState();
        const parser = new ClusterLogParser(ctx(state));
        const out: ClusterEvent[] = [];
        for (const l of lines) parser.push(l, out);
        parser.finish(out);
        const s = parser.stats;
        expect(s.records + s.continuations + s.unparsed).toBe(lines.length);
        expect(out).toHaveLength(s.records);
        const at = out.map((e) => e.source.line);
        for (let i = 1; i < at.length; i++) expect(at[i]!).toBeGreaterThan(at[i - 1]!);
        for (const e of out) expect(e.source.line).toBeLessThanOrEqual(lines.length);
        if (state.firstUtcMs !== null) expect(state.firstUtcMs).toBeLessThanOrEqual(state.lastUtcMs!);
      }),
      { numRuns: 250 },
    );
  });

  it('how the lines are batched changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(damagedFile, fc.integer({ min: 1, max: 97 }), async (lines, size) => {
        const one = await readInBatches(lines, lines.length + 1);
        const many = await readInBatches(lines, size);
        const key = (e: ClusterEvent): string => `${e.source.line}|${e.type}|${e.utcMs}|${e.text}`;
        expect(many.events.map(key)).toEqual(one.events.map(key));
        expect(many.state.records).toBe(one.state.records);
        expect(many.state.unparsed).toBe(one.state.unparsed);
        expect(many.state.dialect).toBe(one.state.dialect);
      }),
      { numRuns: 120 },
    );
  });
});

// ---------------------------------------------------------------- long runs, in a worker with a time limit

const POOL = join(ROOT, 'dist', 'fuzz', 'pool.js');
let runner: Runner;
beforeAll(async () => {
  expect(existsSync(POOL), 'dist/ is missing: run `npm run build` (npm test does) before this test').toBe(true);
  const { CaseRunner } = (await import(pathToFileURL(POOL).href)) as typeof import('../../src/fuzz/pool.js');
  runner = new CaseRunner({ workerUrl: pathToFileURL(join(ROOT, 'dist', 'fuzz', 'worker.js')) });
});
afterAll(async () => {
  await runner?.close();
});

describe('reader: long runs of one character never hang', () => {
  // Character and count rather than the string itself, so that a counterexample prints short.
  const run = fc.record({
    unit: fc.constantFrom(' ', '\t', '\u00a0', '\u3000', ':', '.', '[', ']', '(', '<', "'", '"', '=', '-', ': ', '-> ', '[==='),
    count: fc.integer({ min: 1, max: 50_000 }),
  });
  it('inserted anywhere in a real log, read as lines and through sniffing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: FILES.length - 1 }), fc.nat(), fc.nat(), run, fc.constantFrom('', 'x', '===]', ':', ' ===]'), async (f, at, col, r, tail) => {
        const lines = (FILES[f] ?? []).slice(0, 40);
        const i = at % Math.max(1, lines.length);
        const line = lines[i] ?? '';
        const c = col % (line.length + 1);
        lines[i] = `${line.slice(0, c)}${r.unit.repeat(r.count)}${tail}${line.slice(c)}`;
        for (const kind of ['cluster-lines', 'sniff-read'] as const) {
          const outcome = await runner.run(kind === 'cluster-lines' ? { kind, lines } : { kind, lines, batch: 7 }, 5000);
          expect(outcome.status, outcome.status === 'hang' ? `${kind}: line ${i + 1} took over 5 s` : kind).toBe('done');
          if (outcome.status === 'done') expect(outcome.problem, kind).toBeNull();
        }
      }),
      // A failing case costs the time limit each time: stop at the first one instead of shrinking it.
      { numRuns: 40, endOnFailure: true },
    );
  }, 60_000);
});
