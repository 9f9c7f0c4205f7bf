/**
 * Everything the CLI takes from the outside world, in one object, so that the action logic can be
 * tested with fake streams, a fake environment and a fake analysis.
 */
import type { Writable } from 'node:stream';
import type { analyze, streamEvents } from '../analyze.js';
import type { RuleFamilyDescription } from '../report/rules.js';
import { VERSION } from './version.js';

export type OutStream = Writable & { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined };
export type InStream = NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };

export interface Pipeline {
  readonly analyze: typeof analyze;
  readonly streamEvents: typeof streamEvents;
}

export interface CliContext {
  readonly version: string;
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: InStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Wall clock, for redrawing progress only. */
  readonly now: () => number;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /** Loaded on first use: `--help` and `--version` never load the pipeline. */
  loadPipeline(): Promise<Pipeline>;
  loadRules(): Promise<readonly RuleFamilyDescription[]>;
}

export function processContext(signal: AbortSignal): CliContext {
  return {
    version: VERSION,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    now: () => Date.now(),
    signal,
    loadPipeline: () => import('../analyze.js'),
    loadRules: async () => (await import('../rules/index.js')).describeRules(),
  };
}
