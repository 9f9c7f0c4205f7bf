/**
 * The one place that knows the whole pipeline:
 * input (resolve, open, sniff, decode) → parse (reader per format) → typed events → engine → rules → report.
 * (Stub: implemented by the integration step.)
 */
import type { ClusterEvent } from './events/types.js';
import type { ReadOptions } from './parse/types.js';
import type { Diagnostic, Report } from './shared/report.js';

export interface EventFilters {
  /** UTC ms bounds, inclusive. */
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  /** Case-insensitive resource (or group) name. */
  readonly resource?: string | undefined;
  /** Case-insensitive node name. */
  readonly node?: string | undefined;
}

export interface Progress {
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
}

export interface AnalyzeRequest {
  /** Paths as given on the command line; `-` (or none with piped stdin) reads standard input. */
  readonly paths: readonly string[];
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly options?: ReadOptions | undefined;
  readonly filters?: EventFilters | undefined;
  readonly toolVersion?: string | undefined;
  readonly onProgress?: ((p: Progress) => void) | undefined;
  /** Called as soon as an input problem is found (the CLI prints it on stderr). */
  readonly onDiagnostic?: ((d: Diagnostic) => void) | undefined;
  /** Aborts reading (Ctrl-C). */
  readonly signal?: AbortSignal | undefined;
}

export interface AnalysisResult {
  readonly report: Report;
  /** Significant typed events (no generic records), time-aligned, in timeline order. */
  readonly timeline: readonly ClusterEvent[];
  /** True when no input could be read at all (exit status 2). */
  readonly nothingRead: boolean;
}

export async function analyze(request: AnalyzeRequest): Promise<AnalysisResult> {
  void request;
  throw new Error('not implemented');
}

/**
 * Streams every typed event of every input, in input order then line order (generic records included),
 * for `wsfc-forensics events`. The summary is available once the iteration is over.
 */
export function streamEvents(request: AnalyzeRequest): {
  events: AsyncIterable<ClusterEvent[]>;
  summary(): Pick<Report, 'inputs' | 'skipped' | 'diagnostics'>;
} {
  void request;
  throw new Error('not implemented');
}
