/**
 * Reads every input the user named into typed events: resolve → open/sniff/decode → pick a reader → parse.
 * One bad file never stops the others: its problem becomes a diagnostic and the run goes on.
 *
 * Two ways out: every record as event batches (`wsfc-forensics events`), or, for the analysis, one
 * digest per file of what the engine keeps (`FileIngest`), which lets files be read in worker threads.
 * Either way summaries, skipped inputs and diagnostics come in input order.
 */
import { basename } from 'node:path';
import type { AnalyzeRequest } from './analyze.js';
import { fileIntake } from './engine/index.js';
import type { FileDigest, FileIngest } from './engine/ingest.js';
import type { ClusterEvent } from './events/types.js';
import { InputError } from './input/errors.js';
import { fingerprintFile, sameContent } from './input/fingerprint.js';
import { openInput } from './input/open.js';
import { resolveInputs } from './input/sources.js';
import type { InputFile, OpenedInput } from './input/types.js';
import { readInWorkers, useWorkers } from './parallel/pool.js';
import { ANALYSIS_FILTER, readEvtx } from './parse/evtx/index.js';
import { pickReader } from './parse/index.js';
import type { ReadContext, ReadOptions, ReadState } from './parse/types.js';
import { nodeFromFileName } from './shared/node-name.js';
import type { Diagnostic, InputSummary, SkippedInput } from './shared/report.js';

export interface ReadSummary {
  readonly inputs: InputSummary[];
  readonly skipped: SkippedInput[];
  readonly diagnostics: Diagnostic[];
}

/** Every record, batch by batch (`wsfc-forensics events`). */
export type EventSink = (batch: ClusterEvent[]) => void;

/** The analysis: what the engine keeps of each file, one digest per file, in input order. */
export interface DigestSink {
  digest(d: FileDigest): void;
}

/** What reading a file needs besides the file: plain data, so that a worker thread can be handed it. */
export interface ReadSettings {
  readonly options: ReadOptions;
  readonly evtxAnalysisOnly: boolean;
}

/** What came of one input. */
export interface FileResult {
  readonly input: InputSummary | null;
  readonly skipped: SkippedInput | null;
  /** Its problems, in the order found (at most `MAX_DIAGNOSTICS_PER_FILE` plus a count). */
  readonly diagnostics: Diagnostic[];
  readonly digest: FileDigest | null;
}

/** At most this many diagnostics per file are kept; the rest are counted. */
const MAX_DIAGNOSTICS_PER_FILE = 20;

export async function readSources(request: AnalyzeRequest, sink: EventSink | DigestSink): Promise<ReadSummary> {
  const resolved = await resolveInputs(request.paths, { stdin: request.stdin as never, cwd: process.cwd() });
  const summary: ReadSummary = {
    inputs: [],
    skipped: [...resolved.skipped],
    diagnostics: [],
  };
  const report = (d: Diagnostic): void => {
    summary.diagnostics.push(d);
    request.onDiagnostic?.(d);
  };
  for (const d of resolved.diagnostics) report(d);
  const take = (r: FileResult): void => {
    for (const d of r.diagnostics) report(d);
    if (r.input) summary.inputs.push(r.input);
    if (r.skipped) summary.skipped.push(r.skipped);
    if (r.digest && typeof sink !== 'function') sink.digest(r.digest);
  };

  const files: InputFile[] = [...resolved.files];
  if (resolved.stdinText) files.push(resolved.stdinText);
  const bytesTotal = files.reduce((n, f) => n + (f.size ?? 0), 0);
  const settings: ReadSettings = { options: request.options ?? {}, evtxAnalysisOnly: request.evtxAnalysisOnly ?? false };

  // The same log handed over twice (a copy under another name, a collection copied into two folders) is
  // read once. Decided up front, from the files before each one, so reading can then go in any order.
  const plan: (InputFile | FileResult)[] = [];
  const byContent = new Map<string, InputFile>();
  for (const file of files) {
    if (request.signal?.aborted) break;
    const fingerprint = await fingerprintFile(file.absolutePath, file.size);
    if (fingerprint !== null) {
      const first = byContent.get(fingerprint);
      // The fingerprint reads only the ends of the file: confirm on the whole content before leaving one out.
      if (first !== undefined && (await sameContent(first.absolutePath!, file.absolutePath!))) {
        const reason = `same content as ${first.path} (analysed once)`;
        plan.push({
          input: null,
          skipped: { path: file.path, reason },
          diagnostics: [{ level: 'info', code: 'duplicate', file: file.path, line: null, message: reason }],
          digest: null,
        });
        continue;
      }
      if (first === undefined) byContent.set(fingerprint, file);
    }
    plan.push(file);
  }

  let bytesDone = 0;
  let filesDone = 0;
  const done = (r: FileResult, file: InputFile | null): void => {
    take(r);
    bytesDone += file?.size ?? r.input?.bytes ?? 0;
    filesDone++;
    request.onProgress?.({ bytesRead: bytesDone, bytesTotal, filesDone, filesTotal: files.length });
  };

  const toRead = plan.filter((p): p is InputFile => !isResult(p));
  if (typeof sink !== 'function' && useWorkers(toRead)) {
    // Files are read side by side; results are taken in input order as they complete.
    const results = new Array<FileResult | undefined>(plan.length);
    let next = 0;
    const flush = (): void => {
      while (next < plan.length && results[next] !== undefined) {
        const p = plan[next]!;
        done(results[next]!, isResult(p) ? null : p);
        results[next] = undefined;
        next++;
      }
    };
    plan.forEach((p, i) => {
      if (isResult(p)) results[i] = p;
    });
    flush();
    const indexOf = new Map(plan.map((p, i) => [p, i] as const));
    await readInWorkers(toRead, settings, {
      signal: request.signal,
      onResult: (file, r) => {
        results[indexOf.get(file)!] = r;
        flush();
      },
      onProgress: request.onProgress
        ? (bytesRead) => request.onProgress?.({ bytesRead: bytesDone + bytesRead, bytesTotal, filesDone, filesTotal: files.length })
        : undefined,
    });
    flush();
    return summary;
  }

  for (const p of plan) {
    if (request.signal?.aborted) break;
    if (isResult(p)) {
      done(p, null);
      continue;
    }
    const file = p;
    const events = typeof sink === 'function' ? sink : null;
    const progress = request.onProgress
      ? (bytesRead: number): void => request.onProgress?.({ bytesRead: bytesDone + bytesRead, bytesTotal, filesDone, filesTotal: files.length })
      : undefined;
    // Batches stream out as they are read; diagnostics of the event stream are reported as found.
    const r = await readFile(file, settings, {
      stdin: resolved.stdinStream ?? undefined,
      signal: request.signal,
      events,
      intake: events === null ? fileIntake : null,
      onDiagnostic: events !== null ? report : undefined,
      onProgress: progress,
    });
    done(r, file);
  }
  return summary;
}

function isResult(p: InputFile | FileResult): p is FileResult {
  return 'diagnostics' in p;
}

export interface ReadFileOptions {
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Where every record goes; null to keep a digest instead (`intake`). */
  readonly events: EventSink | null;
  readonly intake: ((file: string) => FileIngest) | null;
  /** Diagnostics as found (else they are only in the result). */
  readonly onDiagnostic?: ((d: Diagnostic) => void) | undefined;
  /** Bytes read so far from this file, about every 200 ms. */
  readonly onProgress?: ((bytesRead: number) => void) | undefined;
}

/** Opens and reads one input. Never throws: problems become diagnostics of the result. */
export async function readFile(file: InputFile, settings: ReadSettings, opts: ReadFileOptions): Promise<FileResult> {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic): void => {
    if (opts.onDiagnostic) opts.onDiagnostic(d);
    else diagnostics.push(d);
  };
  let opened: OpenedInput;
  try {
    opened = await openInput(file, {
      stdin: opts.stdin,
      signal: opts.signal,
      onWarning: (message, code) => report({ level: 'warning', code, file: file.path, line: null, message }),
    });
  } catch (err) {
    const message = err instanceof InputError ? err.reason : err instanceof Error ? err.message : String(err);
    report({ level: 'error', code: err instanceof InputError ? err.code : 'unreadable', file: file.path, line: null, message });
    return { input: null, skipped: { path: file.path, reason: message }, diagnostics, digest: null };
  }
  const progress = opts.onProgress ? setInterval(() => opts.onProgress?.(opened.bytesRead()), 200) : null;
  try {
    const intake = opts.intake?.(file.path) ?? null;
    const input = await readOne(file, opened, settings, opts, intake, report);
    if (!input) return { input: null, skipped: { path: file.path, reason: skipReason(opened) }, diagnostics, digest: null };
    return { input, skipped: null, diagnostics, digest: intake?.finish() ?? null };
  } finally {
    if (progress) clearInterval(progress);
  }
}

function skipReason(opened: OpenedInput): string {
  if (opened.binary === 'unknown') return `binary file: ${opened.binaryReason ?? 'not a cluster log or event export'}`;
  if (opened.head.every((l) => l.trim() === '')) return 'no text content';
  return 'not a cluster log or event export (no known format matched the first lines)';
}

function initialState(file: InputFile, options: ReadOptions): ReadState {
  const fromName = file.path === '-' ? null : nodeFromFileName(file.path);
  const node = fromName ?? options.node ?? (file.path === '-' ? 'stdin' : basename(file.path));
  const nodeFrom = fromName ? 'file name' : options.node ? '--node-name' : 'file name (fallback)';
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
  opts: ReadFileOptions,
  intake: FileIngest | null,
  report: (d: Diagnostic) => void,
): Promise<InputSummary | null> {
  const state = initialState(file, settings.options);
  let fileDiagnostics = 0;
  const ctx: ReadContext = {
    file: file.path,
    options: settings.options,
    state,
    diagnostic(d) {
      fileDiagnostics++;
      if (fileDiagnostics <= MAX_DIAGNOSTICS_PER_FILE) report({ ...d, file: d.file ?? file.path });
    },
    sieve: intake ?? undefined,
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
  const sink = opts.events ?? ((batch: ClusterEvent[]) => intake?.add(batch));
  try {
    for await (const batch of batches) {
      if (opts.signal?.aborted) break;
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
