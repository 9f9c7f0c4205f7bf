/**
 * Properties of every event-export reader (src/parse/event-export/index.ts). The per-module test
 * (robustness.test.ts) mutates the fixtures for all readers and checks record accounting for Event Viewer
 * CSV and XML; here each format gets a generator of well-formed exports with random content (messages with
 * quotes, commas, brackets, non-ASCII, several lines) and, where the format has an event ID column, records
 * with a broken ID:
 *   - every generated record comes out as an event, in order, with its ID and message, or is counted as unparsed;
 *   - how the lines are batched does not matter.
 * Long runs of one character go through each reader in a worker thread with a time limit (no hang).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLogRecordEvent } from '../../src/events/types.js';
import type { CaseRunner as Runner } from '../../src/fuzz/pool.js';
import { eventExportReaders } from '../../src/parse/event-export/index.js';
import type { FormatReader } from '../../src/parse/types.js';
import { readWith } from '../fixtures/event-export/harness.js';
import { csvQuote, MESSAGE_1069, MESSAGE_1146, MESSAGE_1230, ROOT, usDateTime } from './support.js';

interface Rec {
  readonly level: 'Error' | 'Warning' | 'Information' | 'Critical';
  readonly ms: number;
  readonly id: number;
  /** An ID column damaged into text (`12a`): the record must be counted as unparsed, not lost silently. */
  readonly badId: boolean;
  readonly provider: string;
  readonly computer: string;
  readonly task: string;
  /** Message lines (one for single-line formats). */
  readonly lines: readonly string[];
}

const two = (n: number): string => String(n).padStart(2, '0');
const d = (ms: number): Date => new Date(ms);
/** `03/08/2024 08:15:00 AM` (support tools pad). */
function usDatePadded(ms: number): [string, string] {
  const t = d(ms);
  const h = t.getUTCHours();
  return [`${two(t.getUTCMonth() + 1)}/${two(t.getUTCDate())}/${t.getUTCFullYear()}`, `${two(h % 12 || 12)}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`];
}
const isoLocal = (ms: number): string => d(ms).toISOString().slice(0, 23);
const xmlEsc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
const idText = (r: Rec): string => (r.badId ? `${r.id}a` : String(r.id));
const msg = (r: Rec): string => r.lines.join('\n');

/** Words of messages: quotes, commas, brackets, paths, non-ASCII; never a `Label:` or a level name. */
const WORDS = ['cluster', 'resource', "'Disk 1'", 'failed', '(RHS)', 'DLL', 'x;y', 'Ç', '日本', '0x8007', '\\\\srv\\share', 'a-b', '50%', '#1', 'é', '[x]', '{y}', 'a,b', 'C:\\Windows', '--'];
const QUOTED = [...WORDS, '"quoted"', 'say ""hi""'];

const messageLines = (words: readonly string[], maxLines: number): fc.Arbitrary<string[]> =>
  fc.array(
    fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 10 }).map((w) => `Text ${w.join(' ')}`),
    { minLength: 1, maxLength: maxLines },
  );

function records(opts: { words?: readonly string[]; maxLines?: number; badIds?: boolean; minRecords?: number } = {}): fc.Arbitrary<Rec[]> {
  return fc.array(
    fc.record({
      level: fc.constantFrom('Error', 'Warning', 'Information', 'Critical'),
      ms: fc.integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2025, 11, 31) }).map((ms) => ms - (ms % 1000)),
      id: fc.integer({ min: 1, max: 65535 }),
      badId: opts.badIds === true ? fc.boolean() : fc.constant(false),
      provider: fc.constantFrom('Microsoft-Windows-FailoverClustering', 'Service Control Manager', 'disk', 'Microsoft-Windows-Kernel-General'),
      computer: fc.constantFrom('NODE1.contoso.com', 'NODE2', 'SQL-N1.corp.example'),
      task: fc.constantFrom('Resource Control Manager', 'Node Mgr', 'None'),
      lines: messageLines(opts.words ?? WORDS, opts.maxLines ?? 1),
    }),
    { minLength: opts.minRecords ?? 1, maxLength: 20 },
  );
}

interface Format {
  readonly reader: string;
  readonly gen: fc.Arbitrary<Rec[]>;
  readonly render: (recs: readonly Rec[]) => string[];
  /** Whether the message comes back exactly (else: same words, whitespace aside). */
  readonly exactMessage: boolean;
  /** The format has no event ID column (IDs then come from the catalogue, which these messages are not in). */
  readonly noId?: boolean;
}

const FORMATS: readonly Format[] = [
  {
    reader: 'eventlog-csv',
    gen: records({ words: QUOTED, maxLines: 3, badIds: true }),
    render: (rs) => ['Level,Date and Time,Source,Event ID,Task Category', ...rs.map((r) => `${r.level},${usDateTime(r.ms)},${r.provider},${idText(r)},${r.task},${csvQuote(msg(r))}`)].flatMap((l) => l.split('\n')),
    exactMessage: true,
  },
  {
    reader: 'eventlog-tsv',
    gen: records({ badIds: true }),
    render: (rs) => ['Level\tDate and Time\tSource\tEvent ID\tTask Category', ...rs.map((r) => `${r.level}\t${usDateTime(r.ms)}\t${r.provider}\t${idText(r)}\t${r.task}\t${msg(r)}`)],
    exactMessage: true,
  },
  {
    reader: 'eventlog-xml',
    gen: records({ words: QUOTED }),
    render: (rs) => [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Events>',
      ...rs.map(
        (r, i) =>
          `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${r.provider}'/><EventID>${r.id}</EventID><Level>2</Level>` +
          `<TimeCreated SystemTime='${d(r.ms).toISOString().slice(0, 19)}.1184673Z'/><EventRecordID>${1000 + i}</EventRecordID><Channel>System</Channel>` +
          `<Computer>${r.computer}</Computer></System><EventData><Data Name='param1'>${xmlEsc(msg(r))}</Data></EventData>` +
          `<RenderingInfo Culture='en-US'><Message>${xmlEsc(msg(r))}</Message><Level>${r.level}</Level><Task>${r.task}</Task></RenderingInfo></Event>`,
      ),
      '</Events>',
    ],
    exactMessage: true,
  },
  {
    reader: 'eventlog-wevtutil-text',
    gen: records({ maxLines: 3, badIds: true }),
    render: (rs) =>
      rs.flatMap((r, i) => [
        `Event[${i}]:`,
        '  Log Name: System',
        `  Source: ${r.provider}`,
        `  Date: ${isoLocal(r.ms)}`,
        `  Event ID: ${idText(r)}`,
        `  Task: ${r.task}`,
        `  Level: ${r.level}`,
        '  Opcode: Info',
        '  Keyword: Classic',
        '  User: S-1-5-18',
        '  User Name: NT AUTHORITY\\SYSTEM',
        `  Computer: ${r.computer}`,
        '  Description: ',
        ...r.lines,
        '',
      ]),
    exactMessage: true,
  },
  {
    reader: 'eventlog-details-text',
    gen: records({ maxLines: 3, badIds: true }),
    render: (rs) =>
      rs.flatMap((r) => [
        'Log Name:      System',
        `Source:        ${r.provider}`,
        `Date:          ${usDateTime(r.ms)}`,
        `Event ID:      ${idText(r)}`,
        `Task Category: ${r.task}`,
        `Level:         ${r.level}`,
        'Keywords:      Classic',
        'User:          SYSTEM',
        `Computer:      ${r.computer}`,
        'Description:',
        ...r.lines,
        '',
      ]),
    exactMessage: true,
  },
  {
    reader: 'eventlog-ps-list',
    gen: records({ maxLines: 3, badIds: true }),
    render: (rs) =>
      rs.flatMap((r) => [
        '',
        `TimeCreated  : ${usDateTime(r.ms)}`,
        `ProviderName : ${r.provider}`,
        `Id           : ${idText(r)}`,
        `Message      : ${r.lines[0]}`,
        ...r.lines.slice(1).map((l) => `               ${l}`),
      ]),
    exactMessage: false,
  },
  {
    reader: 'eventlog-ps-csv',
    gen: records({ words: QUOTED, maxLines: 3, badIds: true }),
    render: (rs) =>
      [
        '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord',
        '"Message","Id","Level","RecordId","ProviderName","MachineName","TimeCreated","LevelDisplayName","TaskDisplayName"',
        ...rs.map((r, i) => [msg(r), idText(r), '2', String(1000 + i), r.provider, r.computer, usDateTime(r.ms), r.level, r.task].map(csvQuote).join(',')),
      ].flatMap((l) => l.split('\n')),
    exactMessage: true,
  },
  {
    reader: 'eventlog-ps-json',
    gen: records({ words: QUOTED, maxLines: 3 }),
    render: (rs) => {
      const objects = rs.map((r, i) => ({
        Message: msg(r),
        Id: r.id,
        Level: 2,
        RecordId: 1000 + i,
        ProviderName: r.provider,
        MachineName: r.computer,
        TimeCreated: `/Date(${r.ms})/`,
        LevelDisplayName: r.level,
        TaskDisplayName: r.task,
      }));
      // One event serialises as an object, several as an array (ConvertTo-Json).
      return JSON.stringify(objects.length === 1 ? objects[0] : objects, null, 4).split('\n');
    },
    exactMessage: true,
  },
  {
    reader: 'eventlog-ps-table',
    gen: records({ badIds: true }),
    render: (rs) => {
      const out: string[] = [];
      let provider: string | null = null;
      for (const r of rs) {
        if (r.provider !== provider) {
          provider = r.provider;
          out.push('', `   ProviderName: ${provider}`, '', 'TimeCreated                     Id LevelDisplayName Message', '-----------                     -- ---------------- -------');
        }
        const id = idText(r);
        out.push(`${usDateTime(r.ms).padEnd(34 - id.length)}${id} ${r.level.padEnd(16)} ${msg(r)}`);
      }
      return out;
    },
    exactMessage: true,
  },
  {
    reader: 'eventlog-support-space',
    // One line alone is not recognised as this format (too easily prose): two or more.
    gen: records({ minRecords: 2 }),
    render: (rs) =>
      rs.map((r) => {
        const [date, time] = usDatePadded(r.ms);
        return `${date} ${time} ${r.level} ${r.computer} ${r.id} ${r.provider.replace(/ /g, '-').slice(0, 32)} ${r.task} NT AUTHORITY\\SYSTEM ${msg(r)}`;
      }),
    exactMessage: true,
  },
  {
    reader: 'eventlog-support-comma',
    gen: records({ words: QUOTED, minRecords: 2 }),
    render: (rs) =>
      rs.map((r) => {
        const [date, time] = usDatePadded(r.ms);
        return `${date},${time},${r.level},${r.computer},${r.provider},${csvQuote(msg(r))}`;
      }),
    exactMessage: true,
    noId: true,
  },
];

const reader = (id: string): FormatReader => {
  const r = eventExportReaders.find((x) => x.id === id);
  if (!r) throw new Error(`no reader ${id}`);
  return r;
};

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('every reader has a generator here', () => {
  it('covers the registry', () => {
    const covered = new Set([...FORMATS.map((f) => f.reader), 'eventlog-message-text']);
    expect(eventExportReaders.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe.each(FORMATS)('$reader: generated exports', (format) => {
  it('each record is an event with its ID and message, in order, or counted as unparsed; batching changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(format.gen, fc.integer({ min: 1, max: 13 }), async (recs, batch) => {
        const lines = format.render(recs);
        expect(reader(format.reader).sniff(lines.slice(0, 200))).toBeGreaterThan(0.3);
        const r = await readWith(reader(format.reader), lines, {}, batch);
        const whole = await readWith(reader(format.reader), lines, {}, lines.length + 1);
        const good = recs.filter((x) => !x.badId);
        expect(r.state.unparsed).toBe(recs.length - good.length);
        expect(r.events).toHaveLength(good.length);
        expect(r.state.records).toBe(good.length);
        const events = r.events as EventLogRecordEvent[];
        expect(events.map((e) => e.eventId)).toEqual(good.map((x) => (format.noId ? null : x.id)));
        for (const [i, e] of events.entries()) {
          const want = msg(good[i]!);
          if (format.exactMessage) expect(e.message).toBe(want);
          else expect(squash(e.message)).toBe(squash(want));
        }
        const lineNos = events.map((e) => e.source.line);
        expect([...lineNos].sort((a, b) => a - b)).toEqual(lineNos);
        expect(whole.events.map((e) => [e.source.line, e.text])).toEqual(r.events.map((e) => [e.source.line, e.text]));
      }),
      { numRuns: 60 },
    );
  });
});

describe('eventlog-message-text: pasted messages', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ()-]{0,20}[A-Za-z0-9)]$/);
  const pasted = fc.oneof(
    fc.tuple(name, fc.constantFrom('Network Name', 'Physical Disk'), fc.constantFrom('clusres.dll', 'clusres2.dll')).map(([n, t, dll]) => ({ id: 1230, text: MESSAGE_1230(n, t, dll) })),
    fc.tuple(name, fc.constantFrom('IP Address', 'File Server'), name).map(([n, t, g]) => ({ id: 1069, text: MESSAGE_1069(n, t, g) })),
    fc.constant({ id: 1146, text: MESSAGE_1146 }),
  );
  it('each pasted message is one event with the catalogue ID; unknown prose is counted line by line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pasted, { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 3 }), async (msgs, prose) => {
        const junk = Array.from({ length: prose }, (_, i) => `as seen on the console ${i}`);
        const lines = [...junk, ...msgs.flatMap((m) => [m.text, ''])];
        const r = await readWith(reader('eventlog-message-text'), lines, {}, 3);
        expect((r.events as EventLogRecordEvent[]).map((e) => e.eventId)).toEqual(msgs.map((m) => m.id));
        expect(r.state.unparsed).toBe(prose);
      }),
      { numRuns: 80 },
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

/** A run of 1–50 000 copies of a character that some grammar splits or nests on (kept as character and count, so a counterexample prints short). */
const run = fc.record({ unit: fc.constantFrom(' ', '\t', ':', '"', ',', '<', '[', '{', '.', '-', '\u00a0', '\u3000', ' :', '\t.', '="'), count: fc.integer({ min: 1, max: 50_000 }) });

describe('long runs of one character never hang a reader', () => {
  it.each(eventExportReaders.map((r) => r.id))('%s', async (id) => {
    const format = FORMATS.find((f) => f.reader === id);
    const base = format ? fc.sample(format.gen, { numRuns: 1, seed: 7 })[0]!.slice(0, 3) : [];
    const sampleLines = format ? format.render(base) : [MESSAGE_1146, ''];
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), run, fc.constantFrom('x', '', ':', '\n', '===]', 'Event ID: 1'), async (at, col, r, tail) => {
        const lines = [...sampleLines];
        const i = at % lines.length;
        const line = lines[i] ?? '';
        const c = col % (line.length + 1);
        lines.splice(i, 1, ...`${line.slice(0, c)}${r.unit.repeat(r.count)}${tail}${line.slice(c)}`.split('\n'));
        const outcome = await runner.run({ kind: 'reader', reader: id, lines, batch: 4 }, 5000);
        expect(outcome.status, outcome.status === 'hang' ? `line ${i + 1}: ${JSON.stringify(lines[i]!.slice(0, 60))}… took over 5 s` : '').toBe('done');
        if (outcome.status === 'done') expect(outcome.problem).toBeNull();
      }),
      // A failing case costs the time limit each time: stop at the first one instead of shrinking it.
      { numRuns: 25, endOnFailure: true },
    );
  }, 60_000);
});
