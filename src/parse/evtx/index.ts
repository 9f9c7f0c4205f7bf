/**
 * Reader for binary Windows XML event logs (.evtx): file header, then 64 KiB chunks read one at a
 * time from the byte stream, each turned into one batch of `eventlog.record` events.
 * Format: libyal libevtx "Windows XML Event Log (EVTX)"; MS-EVEN6 for binary XML.
 */
import type { ClusterEvent, EventLogRecordEvent } from '../../events/types.js';
import type { ReadContext } from '../types.js';
import { BlockReader } from './byte-reader.js';
import type { TemplateLibrary } from './chunk-context.js';
import { readChunk, type ChunkProblem, type ChunkResult, type RecoveredRecord } from './chunk.js';
import {
  CHUNK_SIZE,
  FILE_HEADER_BLOCK_SIZE,
  isChunkStart,
  isEvtx,
  parseFileHeader,
  type FileHeader,
} from './file-header.js';
import type { EventEnv, RecordSelector } from './to-event.js';

export { isEvtx };
export type { RecordSelector };
export { ANALYSIS_FILTER, ANALYSIS_PROVIDERS, ANY_PROVIDER_EVENT_IDS, isAnalysisProvider, keepForAnalysis } from './analysis-filter.js';

/**
 * Records left out by these options are still counted in `records` (and their times in the time
 * range) but not decoded further nor yielded; a note gives their number.
 */
export interface EvtxReadOptions {
  /** Keep only records of these providers (Provider@Name or EventSourceName, any case). */
  readonly providers?: ReadonlySet<string>;
  /** Keep only records with these event ids. */
  readonly eventIds?: ReadonlySet<number>;
  /** Keep only records this accepts (after `providers` and `eventIds`). */
  readonly select?: RecordSelector;
  /** What the filter is, for the note on records left out (`the analysis filter (...)`). */
  readonly label?: string;
}

/** Diagnostics of one kind printed per file before the rest are only counted. */
const DIAGNOSTICS_PER_CODE = 10;

class Reporter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly ctx: ReadContext) {}

  report(level: 'error' | 'warning' | 'info', code: string, message: string, line: number | null = null): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= DIAGNOSTICS_PER_CODE) this.ctx.diagnostic({ level, code, line, message });
  }

  problem(p: ChunkProblem): void {
    this.report(p.level, p.code, p.message, p.recordId);
  }

  flush(): void {
    for (const [code, n] of this.counts) {
      if (n > DIAGNOSTICS_PER_CODE) {
        this.ctx.diagnostic({
          level: 'info',
          code,
          line: null,
          message: `${n - DIAGNOSTICS_PER_CODE} more '${code}' problems in this file not listed`,
        });
      }
    }
  }
}

function lowerSet(set: ReadonlySet<string> | undefined): ReadonlySet<string> | null {
  return set === undefined ? null : new Set([...set].map((s) => s.toLowerCase()));
}

/** Sorted, merged id runs and a binary search over them (a large file has thousands of chunks). */
function idIndex(runs: [number, number][]): (id: number) => boolean {
  runs.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return (id) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = merged[mid]!;
      if (id < a) hi = mid - 1;
      else if (id > b) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** Reads a whole .evtx byte stream; never throws: problems become diagnostics and unparsed counts. */
export async function* readEvtx(
  bytes: AsyncIterable<Buffer>,
  ctx: ReadContext,
  options: EvtxReadOptions = {},
): AsyncIterable<ClusterEvent[]> {
  const state = ctx.state;
  const reporter = new Reporter(ctx);
  let reader: BlockReader | null = null;
  const env: EventEnv = {
    file: ctx.file,
    fallbackNode: state.node,
    filter: { providers: lowerSet(options.providers), eventIds: options.eventIds ?? null, select: options.select ?? null },
  };
  state.zone = { basis: 'utc', offsetMinutes: 0, how: 'evtx records carry UTC' };
  let nodeDecided = false;
  let chunksFound = 0;
  let skipped = 0;
  let partialData = 0;
  const liveRuns: [number, number][] = [];
  const recovered = new Map<number, RecoveredRecord>();
  const library: TemplateLibrary = new Map();

  const widen = (t: number | null): void => {
    if (t === null) return;
    if (state.firstUtcMs === null || t < state.firstUtcMs) state.firstUtcMs = t;
    if (state.lastUtcMs === null || t > state.lastUtcMs) state.lastUtcMs = t;
  };
  const account = (events: readonly EventLogRecordEvent[]): void => {
    for (const e of events) {
      widen(e.utcMs);
      // The Computer names the input's node unless a file name or --node already did.
      if (!nodeDecided && e.computer !== null) {
        nodeDecided = true;
        if (state.nodeFrom === '' || state.nodeFrom.includes('fallback')) {
          state.node = e.node;
          state.nodeFrom = 'computer field';
        }
      }
    }
  };

  try {
    reader = new BlockReader(bytes);
    let first = await reader.read(FILE_HEADER_BLOCK_SIZE);
    let header: FileHeader | null = null;
    if (isEvtx(first)) {
      header = parseFileHeader(first);
      if (header === null || first.length < FILE_HEADER_BLOCK_SIZE) {
        reporter.report('error', 'truncated', `file ends inside the EVTX file header (${first.length} bytes)`);
        return;
      }
      state.dialect = `EVTX ${header.majorVersion}.${header.minorVersion}`;
      if (!header.checksumOk) reporter.report('warning', 'bad-checksum', 'file header CRC32 mismatch; reading the chunks anyway');
      if (header.headerBlockSize !== FILE_HEADER_BLOCK_SIZE) {
        const given = header.headerBlockSize;
        state.notes.push(`file header gives a chunk offset of ${given}; read from ${FILE_HEADER_BLOCK_SIZE} as Windows writes it`);
      }
      if (header.dirty) state.notes.push('file header marked dirty (not closed cleanly, e.g. a copy of a live log): all chunks scanned');
      first = Buffer.alloc(0);
    } else if (isChunkStart(first)) {
      // A chunk without the file header (carved, or the header was cut off): read chunks from offset 0.
      first = Buffer.from(first); // kept across the next read, which may reuse the reader's buffer
      state.dialect = 'EVTX (no file header)';
      state.notes.push('no EVTX file header: chunks read from the start of the file');
    } else {
      reporter.report('error', 'unrecognised', 'not an EVTX file (no ElfFile signature)');
      return;
    }

    const base = header === null ? 0 : FILE_HEADER_BLOCK_SIZE;
    for (let index = 0; ; index++) {
      let block: Buffer;
      if (first.length > 0) {
        const rest = await reader.read(CHUNK_SIZE - first.length);
        block = Buffer.concat([first, rest]);
        first = Buffer.alloc(0);
      } else block = await reader.read(CHUNK_SIZE);
      if (block.length === 0) break;
      const offset = base + index * CHUNK_SIZE;
      let result: ChunkResult;
      try {
        result = readChunk(block, offset, env, library);
      } catch (e) {
        // Each record is guarded on its own; this only catches what escapes them.
        reporter.report('warning', 'bad-chunk', `chunk at offset ${offset} unreadable: ${e instanceof Error ? e.message : String(e)}`);
        if (block.length < CHUNK_SIZE) break;
        continue;
      }
      if (!result.empty) {
        if (result.header.magicOk) chunksFound++;
        for (const p of result.problems) reporter.problem(p);
        state.records += result.read;
        state.unparsed += result.unparsed;
        skipped += result.skipped;
        widen(result.skippedFirstMs);
        widen(result.skippedLastMs);
        partialData += result.partialData;
        for (const run of result.idRuns) liveRuns.push(run);
        for (const r of result.recovered) if (!recovered.has(r.recordId)) recovered.set(r.recordId, r);
      }
      if (result.events.length > 0) {
        account(result.events);
        yield result.events;
      }
      if (block.length < CHUNK_SIZE) break;
    }

    if (header !== null && chunksFound > header.chunkCount) {
      state.notes.push(`file header lists ${header.chunkCount} chunks; ${chunksFound} found by signature`);
    }
    // Records found outside the record areas, unless the same record id was read live.
    const extra: EventLogRecordEvent[] = [];
    const found = { slack: 0, 'bad-chunk': 0 };
    const readLive = idIndex(liveRuns);
    for (const [id, r] of [...recovered].sort((a, b) => a[0] - b[0])) {
      if (readLive(id)) continue;
      found[r.from]++;
      if (r.event === null) skipped++;
      else extra.push(r.event);
    }
    state.records += found.slack + found['bad-chunk'];
    if (found.slack > 0) state.notes.push(`${found.slack} older records recovered from unused space in chunks`);
    if (found['bad-chunk'] > 0) state.notes.push(`${found['bad-chunk']} records recovered from chunks with a damaged signature`);
    if (skipped > 0) {
      state.notes.push(`${skipped} records counted but not decoded: left out by ${options.label ?? 'the provider / event id filter'}`);
    }
    if (partialData > 0) state.notes.push(`${partialData} records with EventData/UserData only partly readable`);
    if (extra.length > 0) {
      account(extra);
      yield extra;
    }
  } catch (e) {
    reporter.report('error', 'unreadable', `reading stopped: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    reporter.flush();
    await reader?.close().catch(() => undefined);
  }
}
