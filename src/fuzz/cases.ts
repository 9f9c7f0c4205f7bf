/**
 * Fuzz cases and their checks: one input pushed through one entry point (a cluster.log parser, a text
 * reader, the .evtx reader, or the whole analysis), and the invariants every entry point promises:
 * it does not throw, and every line or record it was given is accounted for.
 * Runs in whatever thread calls it; `pool.ts` runs it in a worker so that a hang can be cut short.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../analyze.js';
import type { ClusterEvent } from '../events/types.js';
import { ClusterLogParser } from '../parse/cluster-log/index.js';
import { readEvtx } from '../parse/evtx/index.js';
import { pickReader, textReaders } from '../parse/index.js';
import type { ReadContext, ReadState } from '../parse/types.js';

export type FuzzCase =
  /** Lines straight into the cluster.log record assembler: records + continuations + unparsed = lines. */
  | { readonly kind: 'cluster-lines'; readonly lines: readonly string[] }
  /** Lines into one text reader by id (`cluster-log`, `eventlog-csv`, ...), in batches of `batch`. */
  | { readonly kind: 'reader'; readonly reader: string; readonly lines: readonly string[]; readonly batch: number }
  /** Lines into every reader's sniff, then into the reader that wins (what the read stage does). */
  | { readonly kind: 'sniff-read'; readonly lines: readonly string[]; readonly batch: number }
  /** Bytes into the .evtx reader in pieces of `piece` bytes. */
  | { readonly kind: 'evtx'; readonly bytes: Uint8Array; readonly piece: number }
  /**
   * Files written to a temporary folder and analysed whole (input stage, readers, engine, rules). `dir`: an
   * empty folder to use, which the caller removes (so that a worker stopped mid-case leaves nothing behind).
   */
  | { readonly kind: 'analyze'; readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[]; readonly dir?: string };

export interface CaseOutcome {
  /** Broken invariant or exception, one line; null when the case passed. */
  readonly problem: string | null;
  /** Stack of an exception, when there was one. */
  readonly stack: string | null;
  /** Counts seen, for the summary and reproducer notes. */
  readonly counts: Readonly<Record<string, number>>;
}

function newState(): ReadState {
  return {
    node: 'FUZZ',
    nodeFrom: 'file name (fallback)',
    dialect: null,
    zone: { basis: 'utc', offsetMinutes: 0, how: 'default' },
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
}

function context(state: ReadState, diagnostics: { n: number }): ReadContext {
  return {
    file: 'fuzz.input',
    options: {},
    state,
    diagnostic() {
      diagnostics.n++;
    },
  };
}

async function* batches(lines: readonly string[], size: number): AsyncGenerator<string[]> {
  const step = Math.max(1, size);
  for (let i = 0; i < lines.length; i += step) yield lines.slice(i, i + step);
}

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Buffer> {
  const step = Math.max(1, size);
  for (let i = 0; i < bytes.length; i += step) yield Buffer.from(bytes.subarray(i, i + step));
}

const fail = (problem: string, counts: Record<string, number>, stack: string | null = null): CaseOutcome => ({ problem, stack, counts });
const pass = (counts: Record<string, number>): CaseOutcome => ({ problem: null, stack: null, counts });

/** Problems common to every reader's events: times are numbers or null, lines point into the input. */
function eventProblem(events: readonly ClusterEvent[], lineCount: number | null, ordered: boolean): string | null {
  let last = 0;
  for (const e of events) {
    for (const t of [e.utcMs, e.wallMs]) if (t !== null && !Number.isFinite(t)) return `event at line ${e.source.line} has a non-finite time ${t}`;
    if (lineCount !== null && (e.source.line < 1 || e.source.line > lineCount)) return `event line ${e.source.line} outside 1..${lineCount}`;
    if (ordered && e.source.line < last) return `event of line ${e.source.line} after one of line ${last}: file order lost`;
    last = e.source.line;
  }
  return null;
}

async function readAll(iterable: AsyncIterable<ClusterEvent[]>): Promise<ClusterEvent[]> {
  const out: ClusterEvent[] = [];
  for await (const batch of iterable) for (const e of batch) out.push(e);
  return out;
}

async function readerCase(readerId: string, lines: readonly string[], batch: number): Promise<CaseOutcome> {
  const reader = textReaders.find((r) => r.id === readerId);
  if (!reader) return fail(`no reader '${readerId}'`, {});
  const state = newState();
  const diagnostics = { n: 0 };
  const events = await readAll(reader.read(batches(lines, batch), context(state, diagnostics)));
  const counts = { lines: lines.length, events: events.length, records: state.records, unparsed: state.unparsed, diagnostics: diagnostics.n };
  if (state.records !== events.length) return fail(`${readerId}: state.records ${state.records} but ${events.length} events yielded`, counts);
  if (state.unparsed < 0) return fail(`${readerId}: negative unparsed count`, counts);
  if (readerId === 'cluster-log' && events.length + state.unparsed > lines.length) {
    return fail(`cluster-log: ${events.length} records + ${state.unparsed} unparsed > ${lines.length} lines`, counts);
  }
  // The read stage shows 20 per file; readers must not flood it.
  if (diagnostics.n > 21) return fail(`${readerId}: ${diagnostics.n} diagnostics for one input`, counts);
  const bad = eventProblem(events, lines.length, true);
  return bad === null ? pass(counts) : fail(`${readerId}: ${bad}`, counts);
}

function clusterLinesCase(lines: readonly string[]): CaseOutcome {
  const state = newState();
  const diagnostics = { n: 0 };
  const parser = new ClusterLogParser(context(state, diagnostics));
  const out: ClusterEvent[] = [];
  for (const line of lines) parser.push(line, out);
  parser.finish(out);
  const s = parser.stats;
  const counts = { lines: lines.length, records: s.records, continuations: s.continuations, unparsed: s.unparsed, events: out.length };
  if (s.lines !== lines.length) return fail(`parser counted ${s.lines} lines of ${lines.length}`, counts);
  if (s.records + s.continuations + s.unparsed !== lines.length) {
    return fail(`records ${s.records} + continuations ${s.continuations} + unparsed ${s.unparsed} != ${lines.length} lines`, counts);
  }
  if (out.length !== s.records || state.records !== s.records || state.unparsed !== s.unparsed) {
    return fail(`events ${out.length}, state.records ${state.records}, state.unparsed ${state.unparsed} disagree with the parser's counts`, counts);
  }
  const bad = eventProblem(out, lines.length, true);
  return bad === null ? pass(counts) : fail(bad, counts);
}

async function sniffReadCase(lines: readonly string[], batch: number): Promise<CaseOutcome> {
  const head = lines.slice(0, 200);
  for (const r of textReaders) {
    const score = r.sniff(head);
    if (!(score >= 0 && score <= 1)) return fail(`${r.id}.sniff returned ${score}`, {});
  }
  const reader = pickReader(head);
  if (reader === null) return pass({ lines: lines.length, read: 0 });
  return readerCase(reader.id, lines, batch);
}

async function evtxCase(bytes: Uint8Array, piece: number): Promise<CaseOutcome> {
  const state = newState();
  const diagnostics = { n: 0 };
  const events = await readAll(readEvtx(pieces(bytes, piece), context(state, diagnostics)));
  const counts = { bytes: bytes.length, events: events.length, records: state.records, unparsed: state.unparsed, diagnostics: diagnostics.n };
  if (state.records !== events.length) return fail(`evtx: state.records ${state.records} but ${events.length} events yielded`, counts);
  const bad = eventProblem(events, null, false);
  return bad === null ? pass(counts) : fail(`evtx: ${bad}`, counts);
}

async function analyzeCase(files: readonly { readonly name: string; readonly bytes: Uint8Array }[], given: string | undefined): Promise<CaseOutcome> {
  const dir = given ?? (await mkdtemp(join(tmpdir(), 'wsfc-fuzz-case-')));
  try {
    for (const f of files) await writeFile(join(dir, f.name), f.bytes);
    const result = await analyze({ paths: [dir] });
    const report = result.report;
    JSON.stringify(report);
    const counts = {
      files: files.length,
      inputs: report.inputs.length,
      skipped: report.skipped.length,
      incidents: report.incidents.length,
      records: report.summary.recordsRead,
    };
    // read.ts turns an exception escaping a reader into this diagnostic: for the fuzzer that is a crash.
    const failed = report.diagnostics.find((d) => d.code === 'read-failed');
    if (failed) return fail(`analyze: a reader threw: ${failed.message}`, counts);
    const sum = report.inputs.reduce((n, i) => n + i.records, 0);
    if (sum !== report.summary.recordsRead) return fail(`analyze: summary.recordsRead ${report.summary.recordsRead} != ${sum}`, counts);
    if (report.inputs.length + report.skipped.length < files.length) {
      return fail(`analyze: ${files.length} files but ${report.inputs.length} read and ${report.skipped.length} skipped`, counts);
    }
    for (const incident of report.incidents) {
      for (const t of incident.timeline) if (t.at !== null && Number.isNaN(Date.parse(t.at))) return fail(`analyze: timeline time '${t.at}'`, counts);
    }
    return pass(counts);
  } finally {
    if (given === undefined) await rm(dir, { recursive: true, force: true });
  }
}

/** Runs one case; never throws: an exception is the finding. */
export async function runCase(c: FuzzCase): Promise<CaseOutcome> {
  try {
    switch (c.kind) {
      case 'cluster-lines':
        return clusterLinesCase(c.lines);
      case 'reader':
        return await readerCase(c.reader, c.lines, c.batch);
      case 'sniff-read':
        return await sniffReadCase(c.lines, c.batch);
      case 'evtx':
        return await evtxCase(c.bytes, c.piece);
      case 'analyze':
        return await analyzeCase(c.files, c.dir);
    }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return fail(`threw ${e.name}: ${e.message.split('\n')[0]}`, {}, e.stack ?? null);
  }
}

/** Size of a case's input in bytes (UTF-16 code units count as two), for reports. */
export function caseSize(c: FuzzCase): number {
  switch (c.kind) {
    case 'cluster-lines':
    case 'reader':
    case 'sniff-read':
      return c.lines.reduce((n, l) => n + 2 * l.length + 2, 0);
    case 'evtx':
      return c.bytes.length;
    case 'analyze':
      return c.files.reduce((n, f) => n + f.bytes.length, 0);
  }
}
