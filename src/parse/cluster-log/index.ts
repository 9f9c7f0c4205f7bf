/**
 * The cluster.log reader: every dialect from NT4 to the 2016+ layout with its header,
 * object tables and event-channel sections (domain.md §1–§3).
 */
import type { ClusterEvent } from '../../events/types.js';
import type { LineBatch } from '../../input/units.js';
import type { FormatReader, ReadContext } from '../types.js';
import { newParsedLine, parseLine } from './grammar.js';
import { ClusterLogParser, DEFAULT_ZONE, type ParserCheckpoint, type ResumePoint } from './parser.js';
import { sectionOf } from './header.js';

export { classifyText, classifyPayload } from './classify.js';
export { ClusterLogParser, DEFAULT_ZONE, dialectOf, type ParserCheckpoint, type ParserStats, type ResumePoint } from './parser.js';
export { parseLine, newParsedLine, type ParsedLine, type PrefixShape } from './grammar.js';
export { MESSAGE_ROWS, type MessageRow } from './messages.js';

const sniffLine = newParsedLine();

/**
 * Share of the non-blank head lines that start a record: a PID.TID or a time is strong evidence;
 * a bare `LEVEL [COMP]` line (trimmed excerpts) weaker. A `[=== ... ===]` marker settles it.
 */
function sniff(head: readonly string[]): number {
  let lines = 0;
  let strong = 0;
  let weak = 0;
  for (const raw of head.slice(0, 200)) {
    const line = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === '') continue;
    const section = sectionOf(line);
    if (section !== null && (section.kind === 'cluster' || section.kind === 'records' || section.kind === 'table')) return 1;
    lines++;
    if (!parseLine(line, sniffLine)) continue;
    if (sniffLine.shape === 'level-only') {
      if (sniffLine.component !== null) weak++;
    } else if (sniffLine.pid !== null || sniffLine.tid !== null || sniffLine.level !== null || sniffLine.component !== null) {
      strong++;
    }
  }
  if (lines === 0) return 0;
  const s = strong / lines;
  const w = weak / lines;
  if (s > 0) return Math.min(0.95, 0.5 + 0.45 * (s + w));
  if (w > 0) return Math.min(0.7, 0.2 + 0.5 * w);
  return 0;
}

function readUnits(batches: AsyncIterable<LineBatch[]>, ctx: ReadContext): AsyncIterable<ClusterEvent[]> {
  return readClusterLogPart(batches, ctx, null, () => {});
}

/** How reading a part of a file ended: its lines, and the parser's state to check the next part against. */
export interface PartEnd {
  readonly lines: number;
  readonly checkpoint: ParserCheckpoint;
}

/**
 * A cluster.log, or one part of it read in parts: from the top (`resume` null), or from a
 * record inside the file, in the section `resume` names and with the time zone already in `ctx.state`.
 */
export async function* readClusterLogPart(
  batches: AsyncIterable<LineBatch[]>,
  ctx: ReadContext,
  resume: ResumePoint | null,
  ended: (end: PartEnd) => void,
): AsyncIterable<ClusterEvent[]> {
  if (resume === null) ctx.state.zone = DEFAULT_ZONE;
  const parser = new ClusterLogParser(ctx, resume);
  for await (const chunk of batches) {
    const out: ClusterEvent[] = [];
    for (const batch of chunk) parser.pushBatch(batch, out);
    parser.detach();
    parser.syncState();
    if (out.length > 0) yield out;
  }
  const out: ClusterEvent[] = [];
  parser.finish(out);
  if (out.length > 0) yield out;
  ended({ lines: parser.stats.lines, checkpoint: parser.checkpoint() });
}

async function* read(lines: AsyncIterable<string[]>, ctx: ReadContext): AsyncIterable<ClusterEvent[]> {
  ctx.state.zone = DEFAULT_ZONE;
  const parser = new ClusterLogParser(ctx);
  for await (const batch of lines) {
    const out: ClusterEvent[] = [];
    for (const line of batch) {
      try {
        parser.push(line, out);
      } catch {
        // A reader must not throw on content; nothing in push is expected to.
        parser.stats.unparsed++;
      }
    }
    parser.syncState();
    if (out.length > 0) yield out;
  }
  const out: ClusterEvent[] = [];
  parser.finish(out);
  if (out.length > 0) yield out;
}

export const clusterLogReader: FormatReader = {
  id: 'cluster-log',
  kind: 'cluster-log',
  description: 'Failover Cluster cluster.log (NT4, 2000/2003, 2008–2012 R2, 2016+ with header and sections, trimmed excerpts)',
  sniff,
  read,
  readUnits,
};
