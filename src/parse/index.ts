/**
 * Registry of text readers. Adding a dialect or an export format: its folder plus one line here.
 * Binary .evtx input is recognised by the input stage and read by `parse/evtx`.
 */
import { clusterLogReader } from './cluster-log/index.js';
import { eventExportReaders } from './event-export/index.js';
import type { FormatReader } from './types.js';

export const textReaders: readonly FormatReader[] = [clusterLogReader, ...eventExportReaders];

/** Lowest sniff score that still counts as a recognition. */
const MIN_SCORE = 0.3;

/** The reader whose sniff scores highest on the decoded head, or null when none recognises it. Ties go to registry order. */
export function pickReader(head: readonly string[], readers: readonly FormatReader[] = textReaders): FormatReader | null {
  let best: FormatReader | null = null;
  let bestScore = MIN_SCORE;
  for (const reader of readers) {
    let score = 0;
    try {
      score = reader.sniff(head);
    } catch {
      score = 0;
    }
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  return best;
}
