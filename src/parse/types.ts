/** Contracts of the parse stage: one reader per cluster-log dialect family or event-export format. */
import type { ClusterEvent, Level, SourceKind } from '../events/types.js';
import type { LineBatch } from '../input/units.js';
import type { Diagnostic, ZoneDecision } from '../shared/report.js';

/** Options that change how records are read. */
export interface ReadOptions {
  /** `--event-tz`: offset (`+02:00`, `-5`, `UTC`) or IANA zone for local-time event exports. */
  readonly eventTz?: string | undefined;
  /** `--node-name`: node name for inputs whose node cannot be found from a 2016+ header or the file name. */
  readonly node?: string | undefined;
}

/** Mutable per-input facts a reader keeps up to date while reading. */
export interface ReadState {
  node: string;
  nodeFrom: string;
  dialect: string | null;
  zone: ZoneDecision;
  records: number;
  unparsed: number;
  firstUtcMs: number | null;
  lastUtcMs: number | null;
  notes: string[];
}

export interface ReadContext {
  /** The path as given: goes into every event's `source.file`. */
  readonly file: string;
  readonly options: ReadOptions;
  readonly state: ReadState;
  diagnostic(d: Omit<Diagnostic, 'file'> & { file?: string | null }): void;
  /** What the consumer keeps, when it does not want every record (see `RecordSieve`). */
  readonly sieve?: RecordSieve | undefined;
}

/**
 * Lets a reader leave out records nobody downstream keeps, before building them. Only `generic`
 * records may be left out, and only when `keepGeneric` says so; they still count in `records` and the
 * time range, and their times go to `skipped`. `wsfc-forensics events` passes no sieve.
 */
export interface RecordSieve {
  /** False when a `generic` record of this level and component would be dropped whatever its text. */
  keepGeneric(level: Level | null, component: string | null): boolean;
  /** A record left out: its times (wall clock and UTC). */
  skipped(wallMs: number | null, utcMs: number | null): void;
}

export interface FormatReader {
  /** Stable id, also the `format` of the input summary. */
  readonly id: string;
  readonly kind: SourceKind;
  readonly description: string;
  /**
   * Confidence (0..1) that the decoded head of a file is in this format. Content only, never the file name.
   * The reader with the highest score above 0.3 wins.
   */
  sniff(head: readonly string[]): number;
  /** Turns line batches into event batches. Must never throw on bad content: count it as unparsed instead. */
  read(lines: AsyncIterable<string[]>, ctx: ReadContext): AsyncIterable<ClusterEvent[]>;
  /** `read` over code units (`OpenedInput.units`), for readers that make strings only of what they keep. */
  readUnits?(batches: AsyncIterable<LineBatch[]>, ctx: ReadContext): AsyncIterable<ClusterEvent[]>;
}
