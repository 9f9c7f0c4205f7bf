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
import type { ReadContext, ReadState } from './parse/types.js';
import { nodeFromFileName } from './shared/node-name.js';
import type { Diagnostic, InputSummary, SkippedInput } from './shared/report.js';

export interface ReadSummary {
  readonly inputs: InputSummary[];
  readonly skipped: SkippedInput[];
  readonly diagnostics: Diagnostic[];
}

/** At most this many diagnostics per file are kept; the rest are counted. */
const MAX_DIAGNOSTICS_PER_FILE = 20;

export async function readSources(request: AnalyzeRequest, sink: (batch: ClusterEvent[]) => void): Promise<ReadSummary> {
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

  const files: InputFile[] = [...resolved.files];
  if (resolved.stdinText) files.push(resolved.stdinText);
  const bytesTotal = files.reduce((n, f) => n + (f.size ?? 0), 0);
  let bytesDone = 0;
  let filesDone = 0;

  // The same log handed over twice (a copy under another name, a collection copied into two folders) is read once.
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
    let opened: OpenedInput;
    try {
      opened = await openInput(file, {
        stdin: resolved.stdinStream ?? undefined,
        signal: request.signal,
        onWarning: (message, code) => report({ level: 'warning', code, file: file.path, line: null, message }),
      });
    } catch (err) {
      const message = err instanceof InputError ? err.reason : err instanceof Error ? err.message : String(err);
      summary.skipped.push({ path: file.path, reason: message });
      report({ level: 'error', code: err instanceof InputError ? err.code : 'unreadable', file: file.path, line: null, message });
      filesDone++;
      continue;
    }
    const progress = request.onProgress
      ? setInterval(() => {
          request.onProgress?.({ bytesRead: bytesDone + opened.bytesRead(), bytesTotal, filesDone, filesTotal: files.length });
        }, 200)
      : null;
    try {
      const input = await readOne(file, opened, request, sink, report);
      if (input) summary.inputs.push(input);
      else summary.skipped.push({ path: file.path, reason: skipReason(opened) });
    } finally {
      if (progress) clearInterval(progress);
    }
    bytesDone += file.size ?? opened.bytesRead();
    filesDone++;
    request.onProgress?.({ bytesRead: bytesDone, bytesTotal, filesDone, filesTotal: files.length });
  }
  return summary;
}

function skipReason(opened: OpenedInput): string {
  if (opened.binary === 'unknown') return `binary file: ${opened.binaryReason ?? 'not a cluster log or event export'}`;
  if (opened.head.every((l) => l.trim() === '')) return 'no text content';
  return 'not a cluster log or event export (no known format matched the first lines)';
}

function initialState(file: InputFile, request: AnalyzeRequest): ReadState {
  const fromName = file.path === '-' ? null : nodeFromFileName(file.path);
  const node = fromName ?? request.options?.node ?? (file.path === '-' ? 'stdin' : basename(file.path));
  const nodeFrom = fromName ? 'file name' : request.options?.node ? '--node-name' : 'file name (fallback)';
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
  request: AnalyzeRequest,
  sink: (batch: ClusterEvent[]) => void,
  report: (d: Diagnostic) => void,
): Promise<InputSummary | null> {
  const state = initialState(file, request);
  let fileDiagnostics = 0;
  const ctx: ReadContext = {
    file: file.path,
    options: request.options ?? {},
    state,
    diagnostic(d) {
      fileDiagnostics++;
      if (fileDiagnostics <= MAX_DIAGNOSTICS_PER_FILE) report({ ...d, file: d.file ?? file.path });
    },
  };
  let batches: AsyncIterable<ClusterEvent[]>;
  let format: string;
  let kind: InputSummary['kind'];
  if (opened.binary === 'evtx') {
    batches = readEvtx(opened.bytes, ctx, request.evtxAnalysisOnly ? ANALYSIS_FILTER : undefined);
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
      if (request.signal?.aborted) break;
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
