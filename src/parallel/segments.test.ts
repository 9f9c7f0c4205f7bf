import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCollection } from '../generator/collection.js';
import type { InputFile } from '../input/types.js';
import { newParsedLine, parseLine } from '../parse/cluster-log/index.js';
import type { ReadSettings } from '../read.js';
import { joinSegments, planSegments, readSegment } from './segments.js';

const MB = 1024 * 1024;
const settings: ReadSettings = { options: {}, evtxAnalysisOnly: false };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function collection(dialect: '2012r2' | '2016', encoding: 'utf8' | 'utf16le'): { dir: string; log: InputFile } {
  const dir = mkdtempSync(join(tmpdir(), 'wsfc-cut-'));
  dirs.push(dir);
  generateCollection({ out: dir, nodes: 1, sizeBytes: MB, seed: `cut-${dialect}-${encoding}`, dialect, encoding, incidents: ['deadlock-dns'] });
  const name = readdirSync(dir).find((f) => f.endsWith('_cluster.log'))!;
  return { dir, log: inputFile(join(dir, name)) };
}

function inputFile(path: string): InputFile {
  return { path, absolutePath: path, size: statSync(path).size };
}

/** The line starting at byte `at`, as text. */
function lineAt(bytes: Buffer, at: number, wide: boolean): string {
  const text = bytes.subarray(at, at + 4096).toString(wide ? 'utf16le' : 'latin1');
  return text.split(/\r?\n/, 1)[0]!;
}

describe('planSegments', () => {
  it('cuts a UTF-8 log at lines that start a record with a component tag', async () => {
    const { log } = collection('2012r2', 'utf8');
    const tasks = (await planSegments(log, 4, settings))!;
    expect(tasks.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(tasks[0]!.start).toBe(0);
    expect(tasks[3]!.end).toBe(log.size);
    const bytes = readFileSync(log.path);
    const probe = newParsedLine();
    for (const t of tasks.slice(1)) {
      expect(bytes[t.start - 1]).toBe(10);
      const line = lineAt(bytes, t.start, false);
      expect(parseLine(line, probe), line).toBe(true);
      expect(probe.component).not.toBeNull();
      expect(t.resume).toMatchObject({ section: null, zone: { basis: 'utc', offsetMinutes: 0 } });
    }
    for (let k = 1; k < tasks.length; k++) expect(tasks[k]!.start).toBe(tasks[k - 1]!.end);
  });

  it('cuts a 2016+ UTF-16LE log on code-unit boundaries, resuming in its Cluster Logs section with the header zone', async () => {
    const { log } = collection('2016', 'utf16le');
    const tasks = (await planSegments(log, 3, settings))!;
    const bytes = readFileSync(log.path);
    for (const t of tasks.slice(1)) {
      expect(t.start % 2).toBe(0);
      expect(bytes.readUInt16LE(t.start - 2)).toBe(10);
      expect(lineAt(bytes, t.start, true)).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}::\d{4}\/\d\d\/\d\d-[\d:.]+ +\w+ +\[\w+\]/i);
      expect(t.resume?.section).toEqual({ name: 'Cluster Logs', kind: 'records' });
      expect(t.resume?.zone.how).toMatch(/2016\+ header/);
    }
  });

  it('does not cut compressed logs or event exports', async () => {
    const { dir, log } = collection('2012r2', 'utf8');
    const gz = join(dir, 'node1_cluster.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(log.path)));
    expect(await planSegments(inputFile(gz), 2, settings)).toBeNull();
    const csv = readdirSync(dir).find((f) => f.endsWith('_System.csv'))!;
    expect(statSync(join(dir, csv)).size).toBeGreaterThan(0);
    expect(await planSegments(inputFile(join(dir, csv)), 2, settings)).toBeNull();
    expect(await planSegments(log, 1, settings)).toBeNull();
  });
});

describe('readSegment and joinSegments', () => {
  it('join into the input summary a single read gives, line numbers and record counts included', async () => {
    const { log } = collection('2012r2', 'utf8');
    const tasks = (await planSegments(log, 3, settings))!;
    const results = await Promise.all(tasks.map((t) => readSegment(log, t, settings)));
    const joined = joinSegments(log, tasks, results)!;
    expect(joined).not.toBeNull();
    const text = readFileSync(log.path, 'latin1');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    expect(results.reduce((n, r) => n + r.end!.lines, 0)).toBe(lines);
    expect(joined.input).toMatchObject({ path: log.path, format: 'cluster-log', dialect: '2008–2012 R2', bytes: log.size, unparsed: 0 });
    // Every kept record names its line in the file, whatever part it was read in.
    const fileLines = text.split('\n');
    for (const e of joined.digest!.events) {
      const line = fileLines[e.source.line - 1]!;
      expect(line.includes(e.text.split('\n')[0]!), `line ${e.source.line}`).toBe(true);
    }
  });

  it('decline to join when the part before a cut ended in another section than the one guessed', async () => {
    const { log } = collection('2012r2', 'utf8');
    const tasks = (await planSegments(log, 2, settings))!;
    const wrong = tasks.map((t) => (t.resume === null ? t : { ...t, resume: { ...t.resume, section: { name: 'System', kind: 'eventlog' as const } } }));
    const results = await Promise.all(wrong.map((t) => readSegment(log, t, settings)));
    expect(joinSegments(log, wrong, results)).toBeNull();
  });
});
