/**
 * The one place that knows the whole pipeline:
 * input (resolve, open, sniff, decode) → parse (reader per format) → typed events → engine → rules → report.
 */
import { basename } from 'node:path';
import { Engine } from './engine/index.js';
import type { ClusterEvent } from './events/types.js';
import { readSources, type ReadSummary } from './read.js';
import type { ReadOptions } from './parse/types.js';
import { SCHEMA_VERSION, type Diagnostic, type Incident, type InputSummary, type Report } from './shared/report.js';

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
  /**
   * Read only the .evtx records that can matter to an incident (cluster, storage, service, Hyper-V, crash
   * providers, and anything Warning or worse); the others are still counted. `analyze` sets it; `events` does not.
   */
  readonly evtxAnalysisOnly?: boolean | undefined;
  /**
   * Threads reading files (analysis only), the calling one included: 0 or 1 reads everything on the
   * calling thread; left out, large inputs of several files are read side by side on the machine's
   * cores. The result is the same either way.
   */
  readonly workers?: number | undefined;
  /**
   * Smallest part a file is cut into so that one large file is read on several threads (default 32 MB).
   * Smaller values are for tests, which cut small files to check the parts give the same report.
   */
  readonly segmentBytes?: number | undefined;
}

export interface AnalysisResult {
  readonly report: Report;
  /** Significant typed events (no generic records), time-aligned, in timeline order. */
  readonly timeline: readonly ClusterEvent[];
  /** True when no input could be read at all (exit status 2). */
  readonly nothingRead: boolean;
  /** How files read in parts went (`ReadSummary.segmented`). */
  readonly segmented: ReadSummary['segmented'];
}

export async function analyze(request: AnalyzeRequest): Promise<AnalysisResult> {
  const engine = new Engine({ eventTzGiven: request.options?.eventTz !== undefined });
  const read = await readSources({ ...request, evtxAnalysisOnly: true }, { digest: (d) => engine.adopt(d) });
  const result = engine.finish(read.inputs);
  const inputs = read.inputs.map((input) => {
    const zone = result.zones.get(input.path);
    const range = result.timeRanges.get(input.path);
    const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());
    // Inputs whose offset the engine inferred only have UTC times after alignment.
    const timeRange = { from: input.timeRange.from ?? iso(range?.from), to: input.timeRange.to ?? iso(range?.to) };
    return { ...input, ...(zone ? { zone } : {}), timeRange };
  });
  const diagnostics = [...read.diagnostics, ...result.diagnostics];
  for (const d of result.diagnostics) request.onDiagnostic?.(d);
  const incidents = filterIncidents(result.incidents, request.filters);
  const timeline = result.timeline.filter((e) => matchesEvent(e, request.filters));
  return {
    report: buildReport(request.toolVersion ?? '0.0.0', inputs, read, diagnostics, incidents),
    timeline,
    nothingRead: read.inputs.length === 0,
    segmented: read.segmented,
  };
}

/**
 * Streams every typed event of every input, in input order then line order (generic records included),
 * for `wsfc-forensics events`. Local-time exports keep `utcMs: null` unless `--event-tz` is given:
 * alignment needs the whole collection, which a stream does not wait for.
 */
export function streamEvents(request: AnalyzeRequest): {
  events: AsyncIterable<ClusterEvent[]>;
  summary(): Pick<Report, 'inputs' | 'skipped' | 'diagnostics'>;
} {
  let summary: ReadSummary | null = null;
  const filters = request.filters;
  async function* events(): AsyncGenerator<ClusterEvent[]> {
    const queue: ClusterEvent[][] = [];
    // readSources pushes batches through a callback; bridge it to a pull-based generator with a small queue.
    let wake: (() => void) | null = null;
    let done = false;
    let failure: unknown = null;
    const reading = readSources(request, (batch) => {
      const kept = filters ? batch.filter((e) => matchesEvent(e, filters)) : batch;
      if (kept.length > 0) queue.push(kept);
      wake?.();
    }).then(
      (s) => {
        summary = s;
        done = true;
        wake?.();
      },
      (err: unknown) => {
        failure = err;
        done = true;
        wake?.();
      },
    );
    while (true) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (done) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    await reading;
    if (failure) throw failure;
  }
  return {
    events: events(),
    summary: () => ({
      inputs: summary?.inputs ?? [],
      skipped: summary?.skipped ?? [],
      diagnostics: summary?.diagnostics ?? [],
    }),
  };
}

function lower(s: string | null | undefined): string {
  return (s ?? '').toLowerCase();
}

function matchesEvent(e: ClusterEvent, filters: EventFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.since !== undefined && (e.utcMs === null || e.utcMs < filters.since)) return false;
  if (filters.until !== undefined && (e.utcMs === null || e.utcMs > filters.until)) return false;
  if (filters.node !== undefined && lower(e.node) !== lower(filters.node)) return false;
  if (filters.resource !== undefined) {
    const want = lower(filters.resource);
    const names = namesOf(e);
    if (!names.some((n) => lower(n) === want)) return false;
  }
  return true;
}

/** Resource and group names an event mentions. */
function namesOf(e: ClusterEvent): string[] {
  const out: string[] = [];
  const record = e as unknown as Record<string, unknown>;
  for (const key of ['resource', 'group', 'resourceType'] as const) {
    const value = record[key];
    if (typeof value === 'string') out.push(value);
  }
  if (e.type === 'eventlog.record') {
    for (const key of ['resource', 'group']) {
      const value = e.params[key];
      if (value) out.push(value);
    }
  }
  return out;
}

function filterIncidents(incidents: readonly Incident[], filters: EventFilters | undefined): Incident[] {
  if (!filters) return [...incidents];
  return incidents.filter((i) => {
    const at = i.detectedAt === null ? null : Date.parse(i.detectedAt);
    if (filters.since !== undefined && (at === null || at < filters.since)) return false;
    if (filters.until !== undefined && (at === null || at > filters.until)) return false;
    if (filters.node !== undefined && lower(i.node) !== lower(filters.node)) return false;
    if (filters.resource !== undefined) {
      const want = lower(filters.resource);
      const names = [i.resource, i.group, ...i.collateral].map(lower);
      if (!names.includes(want)) return false;
    }
    return true;
  });
}

function countBy(incidents: readonly Incident[], key: (i: Incident) => string | null): Record<string, number> {
  const counts = new Map<string, number>();
  for (const i of incidents) {
    const k = key(i) ?? '(none)';
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function buildReport(
  version: string,
  inputs: readonly InputSummary[],
  read: ReadSummary,
  diagnostics: readonly Diagnostic[],
  incidents: readonly Incident[],
): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'wsfc-forensics', version },
    inputs,
    skipped: read.skipped,
    diagnostics,
    incidents,
    summary: {
      incidents: incidents.length,
      byKind: countBy(incidents, (i) => i.kind),
      bySeverity: countBy(incidents, (i) => i.severity),
      byNode: countBy(incidents, (i) => i.node),
      byResource: countBy(incidents, (i) => i.resource),
      recordsRead: inputs.reduce((n, i) => n + i.records, 0),
      recordsUnparsed: inputs.reduce((n, i) => n + i.unparsed, 0),
    },
  };
}

/** Display name of a path for messages. */
export function displayName(path: string): string {
  return path === '-' ? '(standard input)' : basename(path);
}
