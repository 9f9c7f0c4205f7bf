/**
 * One large cluster.log read in parts on several threads. The file is cut at record boundaries; each part
 * is parsed from a known state (the section and time zone the file is in there) into the digest of a
 * segment (`FileIngest` in segment mode), and the digests are joined into the one reading the file in one
 * go would give (`mergeSegmentDigests`). Whatever cannot be shown to give the same result (a guess about
 * the state at a cut that proves wrong, a warning while decoding, a failure near a cut) sends the caller
 * back to reading the file in one go: the report never depends on how the file was read.
 */
import { open as openFile } from 'node:fs/promises';
import type { ClusterEvent } from '../events/types.js';
import { segmentIntake } from '../engine/index.js';
import { customDeadlockTimeout, mergeSegmentDigests, type SegmentDigest } from '../engine/ingest.js';
import { DEFAULT_LOOKBACK_MS, FileEvidence } from '../engine/retention.js';
import { SNIFF_BYTES, sniffBytes, type SniffResult } from '../input/decode.js';
import { openInput } from '../input/open.js';
import type { InputFile } from '../input/types.js';
import { pickReader } from '../parse/index.js';
import { ClusterLogParser, DEFAULT_ZONE, dialectOf, newParsedLine, parseLine, readClusterLogPart, type PartEnd } from '../parse/cluster-log/index.js';
import type { Section } from '../parse/cluster-log/header.js';
import type { ReadContext, ReadState } from '../parse/types.js';
import { initialState, MAX_DIAGNOSTICS_PER_FILE, type FileResult, type ReadSettings } from '../read.js';
import type { Diagnostic, ZoneDecision } from '../shared/report.js';

/** Parts smaller than this are not worth a thread: starting one costs about what reading 10 MB does. */
export const MIN_SEGMENT_BYTES = 32 * 1024 * 1024;
/** Size of the first part relative to the others (see `planSegments`). */
const FIRST_PART_WEIGHT = 1.08;
/** Bytes searched after a planned cut for a line that starts a record. */
const CUT_WINDOW_BYTES = 256 * 1024;

/** The state parsing starts in at a cut inside the file. */
export interface Resume {
  readonly section: Section | null;
  /** Evidence look-back in force (widened by custom DeadlockTimeouts in the object tables at the top). */
  readonly lookbackMs: number;
  readonly zone: ZoneDecision;
  readonly node: string;
  readonly nodeFrom: string;
}

/** One part of a file: bytes `[start, end)`, decoded as the whole file was sniffed. */
export interface SegmentTask {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: SniffResult;
  /** Null for the first part, read from the top of the file. */
  readonly resume: Resume | null;
}

/** What reading one part gave. Plain data: it crosses back from a worker thread. */
export interface SegmentResult {
  readonly index: number;
  /** Null when the part could not be read (its problem is in `diagnostics`). */
  readonly digest: SegmentDigest | null;
  readonly end: PartEnd | null;
  /** Null when the part could not be read. */
  readonly state: ReadState | null;
  readonly diagnostics: Diagnostic[];
  /** Problems found while opening and decoding (cut lines, an encoding switch). */
  readonly warnings: number;
  readonly encoding: string;
  readonly bytes: number;
}

/**
 * Cuts a file into `parts` segments at lines that start a record, or returns null when it cannot be read in
 * parts: not a plain (uncompressed) cluster.log, or no safe cut found.
 */
export async function planSegments(file: InputFile, parts: number, settings: ReadSettings): Promise<SegmentTask[] | null> {
  if (parts < 2 || file.absolutePath === null || file.size === null) return null;
  const path = file.absolutePath;
  let head: readonly string[];
  try {
    const opened = await openInput(file);
    head = opened.head;
    const ok = opened.binary === null && !opened.encoding.includes('gzip') && pickReader(head)?.id === 'cluster-log';
    await opened.close();
    if (!ok) return null;
  } catch {
    return null;
  }
  const resume = resumeFromHead(file, head, settings);
  const handle = await openFile(path, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const first = Buffer.alloc(Math.min(SNIFF_BYTES, file.size));
    await handle.read(first, 0, first.length, 0);
    const text = sniffBytes(first, first.length === file.size);
    if (text.binary !== null || (text.encoding !== 'utf-8' && text.encoding !== 'utf-16le' && text.encoding !== 'windows-1252')) return null;
    const cuts: number[] = [];
    // The first part is read on the calling thread, which starts while the workers load the code: a larger share.
    const total = parts - 1 + FIRST_PART_WEIGHT;
    for (let k = 1; k < parts; k++) {
      const at = Math.floor((file.size * (FIRST_PART_WEIGHT + k - 1)) / total);
      const cut = await findCut(handle, at, file.size, text.encoding === 'utf-16le');
      if (cut !== null && cut > (cuts[cuts.length - 1] ?? 0) && cut < file.size) cuts.push(cut);
    }
    if (cuts.length === 0) return null;
    const bounds = [0, ...cuts, file.size];
    return bounds.slice(0, -1).map((start, index) => ({ index, start, end: bounds[index + 1]!, text, resume: index === 0 ? null : resume }));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The state at a cut, guessed from the head: the node and time zone the header set, and for 2016+ output
 * the `Cluster Logs` section, which holds the bulk of the file and comes last, with the look-back its object
 * tables set. Checked when the parts are joined.
 */
function resumeFromHead(file: InputFile, head: readonly string[], settings: ReadSettings): Resume {
  const state = initialState(file, settings);
  state.zone = DEFAULT_ZONE;
  const ctx: ReadContext = { file: file.path, options: settings.options, state, diagnostic: () => {} };
  const parser = new ClusterLogParser(ctx);
  const out: ClusterEvent[] = [];
  for (const line of head) parser.push(line, out);
  parser.finish(out);
  const evidence = new FileEvidence(file.path);
  for (const e of out) {
    const dt = customDeadlockTimeout(e);
    if (dt !== null) evidence.widenLookback(dt);
  }
  const seen = parser.checkpoint();
  const section: Section | null = seen.section === null ? null : { name: 'Cluster Logs', kind: 'records' };
  return { section, lookbackMs: evidence.lookback, zone: state.zone, node: state.node, nodeFrom: state.nodeFrom };
}

const probe = newParsedLine();

/**
 * The offset of the first line at or after `at` that certainly starts a record of its own: a full prefix
 * and a `[COMPONENT]` tag (never a continuation or a struct-dump line), not a section marker.
 */
async function findCut(handle: Awaited<ReturnType<typeof openFile>>, at: number, size: number, wide: boolean): Promise<number | null> {
  if (wide && at % 2 === 1) at++;
  const length = Math.min(CUT_WINDOW_BYTES, size - at);
  if (length <= 0) return null;
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, at);
  const step = wide ? 2 : 1;
  const isLF = (i: number): boolean => buf[i] === 10 && (!wide || buf[i + 1] === 0);
  let i = 0;
  // Skip the line the cut falls in.
  while (i + step <= bytesRead && !isLF(i)) i += step;
  i += step;
  while (i < bytesRead) {
    let j = i;
    while (j + step <= bytesRead && !isLF(j)) j += step;
    if (j + step > bytesRead) return null;
    const line = buf.toString(wide ? 'utf16le' : 'latin1', i, j).replace(/\r$/, '');
    if (startsRecord(line)) return at + i;
    i = j + step;
  }
  return null;
}

function startsRecord(line: string): boolean {
  const c = line.charCodeAt(0);
  if (line.length === 0 || c === 91 || c === 32 || c === 9 || c === 0xfeff) return false;
  return parseLine(line, probe) && probe.component !== null && probe.pid !== null && probe.wallMs !== null && probe.shape !== 'nt4';
}

/** A part that could not be read: joining its file fails, and the file is read in one go. */
export function failedSegment(index: number): SegmentResult {
  return { index, digest: null, end: null, state: null, diagnostics: [], warnings: 0, encoding: '', bytes: 0 };
}

/** Reads one part into the digest of a segment; never throws (a failure is in the result). */
export async function readSegment(
  file: InputFile,
  task: SegmentTask,
  settings: ReadSettings,
  signal?: AbortSignal,
  onProgress?: (bytesRead: number) => void,
): Promise<SegmentResult> {
  const diagnostics: Diagnostic[] = [];
  const state = initialState(file, settings);
  if (task.resume !== null) {
    state.zone = task.resume.zone;
    state.node = task.resume.node;
    state.nodeFrom = task.resume.nodeFrom;
  }
  let warnings = 0;
  let count = 0;
  let ticker: ReturnType<typeof setInterval> | null = null;
  try {
    const opened = await openInput(file, {
      signal,
      part: { start: task.start, end: task.end, text: task.text },
      onWarning: () => warnings++,
    });
    if (onProgress) ticker = setInterval(() => onProgress(opened.bytesRead()), 200);
    const intake = segmentIntake(file.path, task.resume?.lookbackMs ?? DEFAULT_LOOKBACK_MS);
    const ctx: ReadContext = {
      file: file.path,
      options: settings.options,
      state,
      sieve: intake,
      diagnostic(d) {
        count++;
        if (count <= MAX_DIAGNOSTICS_PER_FILE) diagnostics.push({ ...d, file: d.file ?? file.path });
      },
    };
    let end: PartEnd | null = null;
    const resume = task.resume === null ? null : { section: task.resume.section };
    for await (const batch of readClusterLogPart(opened.units, ctx, resume, (e) => (end = e))) {
      if (signal?.aborted) break;
      if (batch.length > 0) intake.add(batch);
    }
    if (count > MAX_DIAGNOSTICS_PER_FILE) {
      diagnostics.push({
        level: 'warning',
        code: 'more-diagnostics',
        file: file.path,
        line: null,
        message: `${count - MAX_DIAGNOSTICS_PER_FILE} more problems in this file not shown`,
      });
    }
    return { index: task.index, digest: intake.finishSegment(), end, state, diagnostics, warnings, encoding: opened.encoding, bytes: opened.bytesRead() };
  } catch {
    return failedSegment(task.index);
  } finally {
    if (ticker !== null) clearInterval(ticker);
  }
}

/**
 * The result of reading the file in one go, from its parts in order; null when the parts cannot be shown
 * to give it (the caller then reads the file in one go).
 */
export function joinSegments(file: InputFile, tasks: readonly SegmentTask[], results: readonly SegmentResult[]): FileResult | null {
  const first = results[0];
  if (first === undefined || results.length !== tasks.length) return null;
  let lineOffset = 0;
  const parts: { digest: SegmentDigest; lineOffset: number }[] = [];
  for (let j = 0; j < results.length; j++) {
    const r = results[j]!;
    if (r.digest === null || r.end === null || r.state === null || r.warnings > 0 || r.encoding !== first.encoding) return null;
    if (j > 0) {
      const before = results[j - 1]!;
      const resume = tasks[j]!.resume!;
      // The part was parsed from a guessed state: the part before must have ended in it.
      if (!sameSection(before.end!.checkpoint.section, resume.section)) return null;
      const was = before.state!;
      if (!sameZone(was.zone, resume.zone) || was.node !== resume.node || was.nodeFrom !== resume.nodeFrom) return null;
      // Nothing a later part finds may need the file's line numbers or change the state of the file.
      if (r.diagnostics.length > 0 || r.end.checkpoint.headerSeen || r.end.checkpoint.shapes.nt4 > 0 || r.state.notes.length > 0) return null;
      if (!sameZone(r.state.zone, resume.zone)) return null;
    }
    parts.push({ digest: r.digest, lineOffset });
    lineOffset += r.end.lines;
  }
  const digest = mergeSegmentDigests(file.path, parts);
  if (digest === null) return null;

  const last = results[results.length - 1]!;
  const shapes = { ...first.end!.checkpoint.shapes };
  for (const r of results.slice(1)) for (const k of Object.keys(shapes) as (keyof typeof shapes)[]) shapes[k] += r.end!.checkpoint.shapes[k];
  const dialect = dialectOf({ section: last.end!.checkpoint.section, headerSeen: first.end!.checkpoint.headerSeen, shapes, buildNumber: first.end!.checkpoint.buildNumber });
  let records = 0;
  let unparsed = 0;
  let bytes = 0;
  let from: number | null = null;
  let to: number | null = null;
  for (const r of results) {
    const st = r.state!;
    records += st.records;
    unparsed += st.unparsed;
    bytes += r.bytes;
    if (st.firstUtcMs !== null && (from === null || st.firstUtcMs < from)) from = st.firstUtcMs;
    if (st.lastUtcMs !== null && (to === null || st.lastUtcMs > to)) to = st.lastUtcMs;
  }
  const s = first.state!;
  return {
    input: {
      path: file.path,
      kind: 'cluster-log',
      format: 'cluster-log',
      dialect,
      node: s.node,
      nodeFrom: s.nodeFrom,
      encoding: first.encoding,
      bytes,
      records,
      unparsed,
      timeRange: { from: from === null ? null : new Date(from).toISOString(), to: to === null ? null : new Date(to).toISOString() },
      zone: s.zone,
      notes: s.notes,
    },
    skipped: null,
    diagnostics: first.diagnostics,
    digest,
  };
}

function sameSection(a: Section | null, b: Section | null): boolean {
  return a === null ? b === null : b !== null && a.name === b.name && a.kind === b.kind;
}

function sameZone(a: ZoneDecision, b: ZoneDecision): boolean {
  return a.basis === b.basis && a.offsetMinutes === b.offsetMinutes && a.how === b.how;
}
