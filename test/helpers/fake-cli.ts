/** A CliContext for tests: captured output streams, a fixed environment and a fake analysis. */
import { Readable, Writable } from 'node:stream';
import type { AnalysisResult, AnalyzeRequest, streamEvents } from '../../src/analyze.js';
import type { CliContext, Pipeline } from '../../src/cli/context.js';
import type { ClusterEvent } from '../../src/events/types.js';
import type { RuleFamilyDescription } from '../../src/report/rules.js';
import { callTimeout, eventRecord1230 } from './events.js';
import { sampleReport } from './sample-report.js';

export class Capture extends Writable {
  text = '';
  isTTY: boolean;
  columns: number | undefined;
  constructor(options: { isTTY?: boolean; columns?: number; highWaterMark?: number; delayMs?: number } = {}) {
    super({ highWaterMark: options.highWaterMark ?? 16 * 1024, decodeStrings: false });
    this.isTTY = options.isTTY ?? false;
    this.columns = options.columns;
    this.delayMs = options.delayMs ?? 0;
  }
  private readonly delayMs: number;
  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += String(chunk);
    if (this.delayMs > 0) setTimeout(callback, this.delayMs);
    else callback();
  }
}

export function sampleResult(overrides: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    report: sampleReport(),
    timeline: [callTimeout(), eventRecord1230({ utcMs: Date.UTC(2024, 2, 1, 20, 8) })],
    nothingRead: false,
    segmented: { joined: [], readAgain: [] },
    ...overrides,
  };
}

export const SAMPLE_RULES: readonly RuleFamilyDescription[] = [
  {
    id: 'dns',
    category: 'dns',
    title: 'DNS did not answer the resource',
    signatures: [{ id: 'dns/health-check-timeout', description: 'Network Name health check waited on a DNS query | timeout' }],
  },
];

export interface FakeOptions {
  readonly analyze?: (request: AnalyzeRequest) => Promise<AnalysisResult>;
  readonly result?: AnalysisResult;
  readonly batches?: readonly (readonly ClusterEvent[])[];
  readonly env?: Record<string, string | undefined>;
  readonly stdout?: Capture;
  readonly stdinTTY?: boolean;
  readonly signal?: AbortSignal;
}

export interface Fake {
  readonly ctx: CliContext;
  readonly stdout: Capture;
  readonly stderr: Capture;
  /** Requests the fake analysis received. */
  readonly requests: AnalyzeRequest[];
}

export function fakeCli(options: FakeOptions = {}): Fake {
  const requests: AnalyzeRequest[] = [];
  const stdout = options.stdout ?? new Capture();
  const stderr = new Capture();
  const stdin = Object.assign(Readable.from([]), { isTTY: options.stdinTTY ?? false });
  const fakeStream: typeof streamEvents = (request) => {
    requests.push(request);
    const batches = options.batches ?? [[callTimeout()]];
    return {
      events: (async function* () {
        for (const batch of batches) yield [...batch];
      })(),
      summary: () => {
        const { inputs, skipped, diagnostics } = (options.result ?? sampleResult()).report;
        return { inputs, skipped, diagnostics };
      },
    };
  };
  const pipeline: Pipeline = {
    analyze: async (request) => {
      requests.push(request);
      return options.analyze !== undefined ? options.analyze(request) : (options.result ?? sampleResult());
    },
    streamEvents: fakeStream,
  };
  const ctx: CliContext = {
    version: '0.0.0-test',
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    now: () => 0,
    signal: options.signal ?? new AbortController().signal,
    loadPipeline: async () => pipeline,
    loadRules: async () => SAMPLE_RULES,
  };
  return { ctx, stdout, stderr, requests };
}

/** argv as process.argv would have it. */
export const argv = (...args: string[]): string[] => ['node', 'wsfc-forensics', ...args];
