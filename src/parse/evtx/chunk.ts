/**
 * One 64 KiB chunk → its records (libevtx "Chunk", "Event record", "Recovery").
 *
 * Records are read from offset 512 up to the free-space offset. A record whose size or size copy is
 * damaged is re-read up to the next record signature; anything unreadable is counted and the walk
 * resumes at the next `**\0\0`. The space after the free-space offset may still hold older records
 * (a reused chunk): those are kept apart as recovered candidates, read only when every check passes.
 */
import type { EventLogRecordEvent } from '../../events/types.js';
import { EvtxFormatError, findRecordSignature, u32, u64 } from './bytes.js';
import { readRoot } from './binxml.js';
import { ChunkContext, type TemplateLibrary } from './chunk-context.js';
import { CHUNK_HEADER_SIZE, parseChunkHeader, type ChunkHeader } from './chunk-header.js';
import { CHUNK_SIZE } from './file-header.js';
import { buildEvent, type EventEnv } from './to-event.js';
import { filetimeMs } from './values.js';

/** Record header: signature (4), size (4), id (8), written FILETIME (8); the size copy trails the record. */
const RECORD_HEADER_SIZE = 24;
const MIN_RECORD_SIZE = RECORD_HEADER_SIZE + 4;
const TOKEN_EOF = 0x00;
const RECORD_ALIGNMENT = 8;

export interface ChunkProblem {
  readonly code: 'bad-chunk' | 'bad-checksum' | 'bad-record' | 'truncated';
  readonly level: 'warning' | 'info';
  /** Record id when the problem is one record's. */
  readonly recordId: number | null;
  readonly message: string;
}

/**
 * A record found outside the chunk's record area (after the free-space offset, or anywhere in a
 * chunk whose signature is damaged), kept until the whole file is read (see `index.ts`).
 */
export interface RecoveredRecord {
  readonly recordId: number;
  readonly event: EventLogRecordEvent | null;
  readonly from: 'slack' | 'bad-chunk';
}

export interface ChunkResult {
  readonly header: ChunkHeader;
  /** Never written (all zero): not a problem, nothing to read. */
  readonly empty: boolean;
  readonly events: EventLogRecordEvent[];
  readonly recovered: RecoveredRecord[];
  readonly problems: ChunkProblem[];
  /** Records read (filtered ones included). */
  read: number;
  /** Records read but left out by the filter. */
  skipped: number;
  /** Earliest and latest record-header time (UTC ms) of the records left out, for the input's time range. */
  skippedFirstMs: number | null;
  skippedLastMs: number | null;
  /** Records the chunk holds (by its header, or by what was found) that could not be read. */
  unparsed: number;
  /** Records whose EventData could only be read in part. */
  partialData: number;
  /** Runs of consecutive record ids read from the live area (`[first, last]`), to de-duplicate recovered records. */
  readonly idRuns: [number, number][];
}

/** A decoded record: null event when the filter left it out; `broken` when its EventData was only partly readable. */
interface Decoded {
  readonly event: EventLogRecordEvent | null;
  readonly broken: boolean;
  /** Record-header time of a record left out by the filter (UTC ms). */
  readonly skippedMs: number | null;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class ChunkReader {
  readonly cx: ChunkContext;
  readonly result: ChunkResult;

  /** Bytes present: 64 KiB, or less for the cut last chunk of a truncated file. */
  readonly length: number;

  constructor(
    readonly buf: Buffer,
    /** File offset of the chunk, for messages. */
    readonly fileOffset: number,
    readonly env: EventEnv,
    library: TemplateLibrary,
  ) {
    this.length = buf.length;
    this.cx = new ChunkContext(buf, buf.length, library);
    const header = parseChunkHeader(buf, buf.length);
    this.result = {
      header,
      empty: header.empty,
      events: [],
      recovered: [],
      problems: [],
      read: 0,
      skipped: 0,
      skippedFirstMs: null,
      skippedLastMs: null,
      unparsed: 0,
      partialData: 0,
      idRuns: [],
    };
  }

  problem(code: ChunkProblem['code'], message: string, recordId: number | null = null, level: ChunkProblem['level'] = 'warning'): void {
    this.result.problems.push({ code, level, recordId, message: `chunk at offset ${this.fileOffset}: ${message}` });
  }

  /**
   * Decodes the record at `p` whose binary XML spans `[p + 24, xmlEnd)`. With `exactEnd`, the
   * binary XML must end with the end-of-file token just before the size copy at `xmlEnd` (records
   * are padded to 8 bytes), which rejects records that only look whole: a size guessed from the next
   * signature, or stale bytes in slack space.
   */
  decode(p: number, xmlEnd: number, exactEnd: boolean): Decoded {
    const b = this.buf;
    const recordId = u64(b, p + 8);
    const { root, end } = readRoot(this.cx, p + RECORD_HEADER_SIZE, xmlEnd);
    if (exactEnd) {
      if (b[end] !== TOKEN_EOF || end + 1 > xmlEnd || xmlEnd - (end + 1) >= RECORD_ALIGNMENT) {
        throw new EvtxFormatError('binary XML does not end where the record does', p);
      }
    }
    const outcome = buildEvent(root, this.cx, { recordId, writtenOffset: p + 16 }, this.env);
    if (outcome.kind === 'skipped') return { event: null, broken: false, skippedMs: filetimeMs(b, p + 16) };
    return { event: outcome.event, broken: outcome.dataBroken, skippedMs: null };
  }

  /** Counts a record read from the live area. */
  keep(recordId: number, decoded: Decoded): void {
    const r = this.result;
    r.read++;
    if (decoded.event === null) {
      r.skipped++;
      const t = decoded.skippedMs;
      if (t !== null && Number.isFinite(t)) {
        if (r.skippedFirstMs === null || t < r.skippedFirstMs) r.skippedFirstMs = t;
        if (r.skippedLastMs === null || t > r.skippedLastMs) r.skippedLastMs = t;
      }
    } else r.events.push(decoded.event);
    if (decoded.broken) r.partialData++;
    const run = r.idRuns[r.idRuns.length - 1];
    if (run !== undefined && run[1] + 1 === recordId) run[1] = recordId;
    else r.idRuns.push([recordId, recordId]);
  }

  readLive(start: number, end: number): { next: number; damaged: number; inRange: number } {
    const b = this.buf;
    const h = this.result.header;
    let damaged = 0;
    let inRange = 0;
    let p = start;
    while (p + RECORD_HEADER_SIZE <= end) {
      if (u32(b, p) !== 0x2a2a) {
        // Zero fill or garbage inside the record area: resume at the next signature.
        const next = findRecordSignature(b, p + 1, end);
        if (next < 0) break;
        if (u32(b, p) !== 0) damaged++;
        p = next;
        continue;
      }
      const size = u32(b, p + 4);
      const recordId = u64(b, p + 8);
      const inHeaderRange = recordId >= h.firstRecordId && recordId <= h.lastRecordId;
      const sizeOk = size >= MIN_RECORD_SIZE && p + size <= this.length && u32(b, p + size - 4) === size;
      if (sizeOk) {
        try {
          this.keep(recordId, this.decode(p, p + size - 4, false));
          if (inHeaderRange) inRange++;
        } catch (e) {
          damaged++;
          this.problem('bad-record', `record ${recordId} at offset ${p} unreadable (${describe(e)})`, recordId);
        }
        p += size;
        continue;
      }
      const next = findRecordSignature(b, p + RECORD_HEADER_SIZE, end);
      const bound = next < 0 ? Math.min(end, this.length) : next;
      if (size >= MIN_RECORD_SIZE && p + size === bound) {
        // The size leads right to the next record: the size is right and the record's own tail
        // (size copy included) was overwritten, e.g. zeroed by a copy of a live log.
        damaged++;
        this.problem('bad-record', `record ${recordId} at offset ${p} damaged (its end was overwritten)`, recordId);
        p = bound;
        continue;
      }
      // The size field itself is damaged: the binary XML may still be whole up to the next
      // signature (e.g. a zero data size, seen in `sample-with-zero-data-size-event.evtx`).
      try {
        this.keep(recordId, this.decode(p, bound - 4, true));
        if (inHeaderRange) inRange++;
      } catch (e) {
        damaged++;
        const cut = p + size > this.length && this.length < CHUNK_SIZE;
        if (cut) this.problem('truncated', `record ${recordId} at offset ${p} cut off by the end of the file`, recordId);
        else this.problem('bad-record', `record ${recordId} at offset ${p} damaged (size ${size}; ${describe(e)})`, recordId);
      }
      if (next < 0) return { next: end, damaged, inRange };
      p = next;
    }
    return { next: p, damaged, inRange };
  }

  /** Older records left after the free-space offset; read only when size, size copy and XML agree. */
  readSlack(start: number, from: RecoveredRecord['from']): void {
    const b = this.buf;
    this.cx.strict = true;
    let p = findRecordSignature(b, start, this.length);
    while (p >= 0) {
      const size = u32(b, p + 4);
      if (size >= MIN_RECORD_SIZE && p + size <= this.length && u32(b, p + size - 4) === size) {
        const recordId = u64(b, p + 8);
        try {
          const decoded = this.decode(p, p + size - 4, true);
          // Nested templates of an old record may have been overwritten even when its root still matches.
          if (!decoded.broken) {
            this.result.recovered.push({ recordId, event: decoded.event, from });
            p = findRecordSignature(b, p + size, this.length);
            continue;
          }
        } catch {
          // Stale bytes that only look like a record: expected in slack space, not reported.
        }
      }
      p = findRecordSignature(b, p + 4, this.length);
    }
  }

  run(): ChunkResult {
    const r = this.result;
    const h = r.header;
    if (r.empty) return r;
    if (this.length < CHUNK_HEADER_SIZE) {
      this.problem('truncated', `only ${this.length} bytes of the chunk are present`);
      return r;
    }
    if (!h.magicOk) {
      // Without a trustworthy header, every record found is checked like a recovered one.
      this.problem('bad-chunk', 'bad chunk signature; records in it are read only when they check out');
      this.readSlack(CHUNK_HEADER_SIZE, 'bad-chunk');
      return r;
    }
    const cut = this.length < CHUNK_SIZE;
    if (!h.headerChecksumOk) this.problem('bad-checksum', 'chunk header CRC32 mismatch; reading its records anyway');
    // A cut chunk cannot match its records CRC32; the cut is the problem to report.
    if (!h.recordsChecksumOk && !(cut && h.freeSpaceOffset > this.length)) {
      this.problem('bad-checksum', 'event records CRC32 mismatch; reading its records anyway');
    }
    if (cut) this.problem('truncated', `chunk cut off by the end of the file after ${this.length} bytes`);

    const fso = h.freeSpaceOffset;
    const liveEnd = fso >= CHUNK_HEADER_SIZE && fso <= this.length ? fso : this.length;
    const live = this.readLive(CHUNK_HEADER_SIZE, liveEnd);
    // Records the header promises but that were not read: damaged, zeroed or cut off.
    const claimed = h.lastRecordId - h.firstRecordId + 1;
    const plausible = claimed > 0 && claimed <= CHUNK_SIZE / MIN_RECORD_SIZE;
    const missing = plausible ? Math.max(0, claimed - live.inRange) : 0;
    r.unparsed = Math.max(live.damaged, missing);
    if (missing > live.damaged) {
      this.problem(
        cut ? 'truncated' : 'bad-record',
        `${missing} of the ${claimed} records the chunk header lists (ids ${h.firstRecordId}–${h.lastRecordId}) could not be read`,
      );
    }
    this.readSlack(live.next, 'slack');
    return r;
  }
}

/** Reads one chunk (`buf` starts at its signature; shorter than 64 KiB when the file was cut). */
export function readChunk(buf: Buffer, fileOffset: number, env: EventEnv, library: TemplateLibrary = new Map()): ChunkResult {
  return new ChunkReader(buf, fileOffset, env, library).run();
}
