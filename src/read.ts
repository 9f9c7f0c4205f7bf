/**
 * Reads every input the user named into typed events: resolve → open/sniff/decode → pick a reader → parse.
 * One bad file never stops the others: its problem becomes a diagnostic and the run goes on.
 */
import { basename } from 'node:path';
import type { AnalyzeRequest } from './analyze.js';
import type { ClusterEvent } from './events/types.js';
import { InputError } from './input/errors.js';
import { fingerprintFile, sameContent } from './input/fingerprint.js';
import { openInput } from './input/open.js';
import { resolveInputs } from './input/sources.js';
import type { InputFile, OpenedInput } from './input/types.js';
import { ANALYSIS_FILTER, readEvtx } from './parse/evtx/index.js';
import { pickReader } from './parse/index.js';
import type { ReadContext, ReadOptions, ReadState, RecordSieve } from './parse/types.js';
import { fileIntake } from './engine/index.js';
import type { FileDigest, FileIngest } from './engine/ingest.js';
import { planReading, readParallel, type Job } from './parallel/pool.js';
import { joinSegments, planSegments, type SegmentResult, type SegmentTask } from './parallel/segments.js';
import { nodeFromFileName } from './shared/node-name.js';
import type { Diagnostic, InputSummary, SkippedInput } from './shared/report.js';

export interface ReadSummary {
  readonly inputs: InputSummary[];
  readonly skipped: SkippedInput[];
  readonly diagnostics: Diagnostic[];
  /** Files read in parts on several threads: joined, or read again whole because the parts could not be joined. */
  readonly segmented: { readonly joined: string[]; readonly readAgain: string[] };
}

/** Every record, batch by batch (`wsfc-forensics events`). */
export type EventSink = (batch: ClusterEvent[]) => void;

/** The analysis: what the engine keeps of each file (`FileIngest`), one digest per file, in input order. */
export interface DigestSink {
  digest(d: FileDigest): void;
}

/** What reading a file needs besides the file: plain data, so that a worker thread can be handed it. */
export interface ReadSettings {
  readonly options: ReadOptions;
  readonly evtxAnalysisOnly: boolean;
}

/** What came of one input. Plain data: it crosses back from a worker thread. */
export interface FileResult {
  readonly input: InputSummary | null;
  readonly skipped: SkippedInput | null;
  /** Its problems, in the order found (at most `MAX_DIAGNOSTICS_PER_FILE` plus a count). */
  readonly diagnostics: Diagnostic[];
  readonly digest: FileDigest | null;
}

export interface ReadHooks {
  readonly signal?: AbortSignal | undefined;
  /** Piped standard input, for the `-` input. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Where every record goes; null when `intake` keeps what the engine needs instead. */
  readonly events: EventSink | null;
  readonly intake: ((file: string) => FileIngest) | null;
  readonly onProgress?: ((bytesRead: number) => void) | undefined;
  /** A problem, as soon as it is found (besides `FileResult.diagnostics`). */
  readonly onDiagnostic?: ((d: Diagnostic) => void) | undefined;
}

/** At most this many diagnostics per file are kept; the rest are counted. */
export const MAX_DIAGNOSTICS_PER_FILE = 20;

export async function readSources(request: AnalyzeRequest, sink: EventSink | DigestSink): Promise<ReadSummary> {
  const resolved = await resolveInputs(request.paths, { stdin: request.stdin as never, cwd: process.cwd() });
  const summary: ReadSummary = {
    inputs: [],
    skipped: [...resolved.skipped],
    diagnostics: [],
    segmented: { joined: [], readAgain: [] },
  };
  const report = (d: Diagnostic): void => {
    summary.diagnostics.push(d);
    request.onDiagnostic?.(d);
  };
  for (const d of resolved.diagnostics) report(d);

  const files: InputFile[] = [...resolved.files];
  if (resolved.stdinText) files.push(resolved.stdinText);
  const bytesTotal = files.reduce((n, f) => n + (f.size ?? 0), 0);
  let bytesDone = 0;
  let filesDone = 0;
  const progress = (current: number): void =>
    request.onProgress?.({ bytesRead: bytesDone + current, bytesTotal, filesDone, filesTotal: files.length });

  // The same log handed over twice (a copy under another name, a collection copied into two folders) is
  // read once. Decided up front, so that the rest can be read in any order.
  const toRead: InputFile[] = [];
  const byContent = new Map<string, InputFile>();
  for (const file of files) {
    if (request.signal?.aborted) break;
    const fingerprint = await fingerprintFile(file.absolutePath, file.size);
    if (fingerprint !== null) {
      const first = byContent.get(fingerprint);
      // The fingerprint reads only the ends of the file: confirm on the whole content before leaving one out.
      if (first !== undefined && (await sameContent(first.absolutePath!, file.absolutePath!))) {
        const reason = `same content as ${first.path} (analysed once)`;
        summary.skipped.push({ path: file.path, reason });
        report({ level: 'info', code: 'duplicate', file: file.path, line: null, message: reason });
        bytesDone += file.size ?? 0;
        filesDone++;
        continue;
      }
      if (first === undefined) byContent.set(fingerprint, file);
    }
    toRead.push(file);
  }

  const take = (file: InputFile, r: FileResult, live: boolean): void => {
    for (const d of r.diagnostics) {
      summary.diagnostics.push(d);
      // Found on this thread: already shown as it happened.
      if (!live) request.onDiagnostic?.(d);
    }
    if (r.input) summary.inputs.push(r.input);
    if (r.skipped) summary.skipped.push(r.skipped);
    if (r.digest && typeof sink !== 'function') sink.digest(r.digest);
    if (live) {
      bytesDone += file.size ?? r.input?.bytes ?? 0;
      filesDone++;
      progress(0);
    }
  };
  const settings: ReadSettings = { options: request.options ?? {}, evtxAnalysisOnly: request.evtxAnalysisOnly ?? false };
  const events = typeof sink === 'function' ? sink : null;
  const intake = events === null ? fileIntake : null;

  const plan = events === null ? planReading(toRead, request.workers, undefined, undefined, request.segmentBytes) : { threads: 0, parts: [] };
  if (plan.threads >= 2) {
    // A file to cut into parts is cut at record boundaries first; one that cannot be is read whole.
    const cuts = new Map<InputFile, SegmentTask[]>();
    for (let i = 0; i < toRead.length; i++) {
      if ((plan.parts[i] ?? 1) < 2) continue;
      const tasks = await planSegments(toRead[i]!, plan.parts[i]!, settings);
      if (tasks !== null) cuts.set(toRead[i]!, tasks);
    }
    const jobs: Job[] = toRead.flatMap((file): Job[] => cuts.get(file)?.map((segment) => ({ file, segment })) ?? [{ file, segment: null }]);
    // Results come in completion order; the engine takes them in input order, a file cut in parts once all are in.
    const results = new Array<FileResult | undefined>(toRead.length);
    const parts = new Map<InputFile, SegmentResult[]>();
    const index = new Map(toRead.map((f, i) => [f, i]));
    let next = 0;
    const ready: (() => Promise<void>)[] = [];
    const advance = (): void => {
      while (next < toRead.length && results[next] !== undefined) {
        take(toRead[next]!, results[next]!, false);
        results[next++] = undefined;
      }
    };
    await readParallel(jobs, settings, {
      threads: plan.threads,
      signal: request.signal,
      onProgress: (n) => progress(n),
      onResult: (job, result) => {
        const i = index.get(job.file)!;
        if (job.segment !== null) {
          const got = parts.get(job.file) ?? [];
          parts.set(job.file, got);
          got.push(result as SegmentResult);
          bytesDone += job.segment.end - job.segment.start;
          const tasks = cuts.get(job.file)!;
          if (got.length < tasks.length) return;
          filesDone++;
          const joined = joinSegments(job.file, tasks, got.sort((a, b) => a.index - b.index));
          (joined !== null ? summary.segmented.joined : summary.segmented.readAgain).push(job.file.path);
          if (joined !== null) results[i] = joined;
          // Parts that cannot be shown to give the same result as the whole file: read it whole, after the rest.
          else ready.push(async () => void (results[i] = await readWhole(job.file, settings, request.signal)));
        } else {
          // Counted as done when read, though the engine may take it later (inputs go in in order).
          bytesDone += job.file.size ?? (result as FileResult).input?.bytes ?? 0;
          filesDone++;
          results[i] = result as FileResult;
        }
        advance();
      },
    });
    for (const redo of ready) await redo();
    advance();
    return summary;
  }

  for (const file of toRead) {
    if (request.signal?.aborted) break;
    const result = await readFile(file, settings, {
      signal: request.signal,
      stdin: resolved.stdinStream ?? undefined,
      events,
      intake,
      onProgress: (n) => progress(n),
      onDiagnostic: request.onDiagnostic,
    });
    take(file, result, true);
  }
  return summary;
}

/** A file read whole on this thread, for the analysis. */
function readWhole(file: InputFile, settings: ReadSettings, signal: AbortSignal | undefined): Promise<FileResult> {
  return readFile(file, settings, { signal, events: null, intake: fileIntake });
}

/** Opens and reads one input; never throws (its problems are in the result). */
export async function readFile(file: InputFile, settings: ReadSettings, hooks: ReadHooks): Promise<FileResult> {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => {
    diagnostics.push(d);
    hooks.onDiagnostic?.(d);
  };
  let opened: OpenedInput;
  try {
    opened = await openInput(file, {
      stdin: hooks.stdin,
      signal: hooks.signal,
      onWarning: (message, code) => report({ level: 'warning', code, file: file.path, line: null, message }),
    });
  } catch (err) {
    const message = err instanceof InputError ? err.reason : err instanceof Error ? err.message : String(err);
    report({ level: 'error', code: err instanceof InputError ? err.code : 'unreadable', file: file.path, line: null, message });
    return { input: null, skipped: { path: file.path, reason: message }, diagnostics, digest: null };
  }
  const ticker = hooks.onProgress ? setInterval(() => hooks.onProgress?.(opened.bytesRead()), 200) : null;
  try {
    const intake = hooks.intake?.(file.path) ?? null;
    const sink: EventSink = intake !== null ? (batch) => intake.add(batch) : (hooks.events ?? (() => {}));
    const input = await readOne(file, opened, settings, hooks.signal, intake, sink, report);
    if (input === null) return { input: null, skipped: { path: file.path, reason: skipReason(opened) }, diagnostics, digest: null };
    return { input, skipped: null, diagnostics, digest: intake?.finish() ?? null };
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

function skipReason(opened: OpenedInput): string {
  if (opened.binary === 'unknown') return `binary file: ${opened.binaryReason ?? 'not a cluster log or event export'}`;
  if (opened.head.every((l) => l.trim() === '')) return 'no text content';
  return 'not a cluster log or event export (no known format matched the first lines)';
}

export function initialState(file: InputFile, settings: ReadSettings): ReadState {
  const fromName = file.path === '-' ? null : nodeFromFileName(file.path);
  const node = fromName ?? settings.options.node ?? (file.path === '-' ? 'stdin' : basename(file.path));
  const nodeFrom = fromName ? 'file name' : settings.options.node ? '--node-name' : 'file name (fallback)';
  return {
    node,
    nodeFrom,
    dialect: null,
    zone: { basis: 'utc', offsetMinutes: 0, how: 'default' },
    records: 0,
    unparsed: 0,
    firstUtcMs: null,
    lastUtcMs: null,
    notes: [],
  };
}

async function readOne(
  file: InputFile,
  opened: OpenedInput,
  settings: ReadSettings,
  signal: AbortSignal | undefined,
  sieve: RecordSieve | null,
  sink: EventSink,
  report: (d: Diagnostic) => void,
): Promise<InputSummary | null> {
  const state = initialState(file, settings);
  let fileDiagnostics = 0;
  const ctx: ReadContext = {
    file: file.path,
    options: settings.options,
    state,
    sieve: sieve ?? undefined,
    diagnostic(d) {
      fileDiagnostics++;
      if (fileDiagnostics <= MAX_DIAGNOSTICS_PER_FILE) report({ ...d, file: d.file ?? file.path });
    },
  };
  let batches: AsyncIterable<ClusterEvent[]>;
  let format: string;
  let kind: InputSummary['kind'];
  if (opened.binary === 'evtx') {
    batches = readEvtx(opened.bytes, ctx, settings.evtxAnalysisOnly ? ANALYSIS_FILTER : undefined);
    format = 'evtx';
    kind = 'event-log';
  } else if (opened.binary === 'unknown') {
    return null;
  } else {
    const reader = pickReader(opened.head);
    if (!reader) return null;
    batches = reader.readUnits ? reader.readUnits(opened.units, ctx) : reader.read(opened.lines, ctx);
    format = reader.id;
    kind = reader.kind;
  }
  try {
    for await (const batch of batches) {
      if (signal?.aborted) break;
      if (batch.length > 0) sink(batch);
    }
  } catch (err) {
    // A reader must not throw on bad content; if one does, keep what was read and say so.
    report({
      level: 'error',
      code: 'read-failed',
      file: file.path,
      line: null,
      message: `reading stopped early: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  if (fileDiagnostics > MAX_DIAGNOSTICS_PER_FILE) {
    report({
      level: 'warning',
      code: 'more-diagnostics',
      file: file.path,
      line: null,
      message: `${fileDiagnostics - MAX_DIAGNOSTICS_PER_FILE} more problems in this file not shown`,
    });
  }
  return {
    path: file.path,
    kind,
    format,
    dialect: state.dialect,
    node: state.node,
    nodeFrom: state.nodeFrom,
    encoding: opened.encoding,
    bytes: opened.bytesRead(),
    records: state.records,
    unparsed: state.unparsed,
    timeRange: {
      from: state.firstUtcMs === null ? null : new Date(state.firstUtcMs).toISOString(),
      to: state.lastUtcMs === null ? null : new Date(state.lastUtcMs).toISOString(),
    },
    zone: state.zone,
    notes: state.notes,
  };
}
