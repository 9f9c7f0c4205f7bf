/** Runs the analysis for `analyze` and `timeline`: the request, progress, and input problems on stderr. */
import type { AnalysisResult, AnalyzeRequest } from '../analyze.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';
import { createNotices, type Notices } from './notices.js';
import type { InputOptions } from './options.js';
import { createProgress, type ProgressLine } from './progress.js';

/** Without paths, input comes from standard input; waiting on a keyboard for it would look like a hang. */
export function requireInput(paths: readonly string[], ctx: CliContext): void {
  if (paths.length === 0 && ctx.stdin.isTTY === true) {
    throw new UsageError("no input: give files or folders, '-' for standard input, or pipe paths or log text in (see --help)");
  }
}

export function throwIfAborted(ctx: CliContext): void {
  if (ctx.signal.aborted) throw Object.assign(new Error('interrupted'), { name: 'AbortError' });
}

export interface RequestParts {
  readonly paths: readonly string[];
  readonly opts: InputOptions;
  readonly ctx: CliContext;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly progress: ProgressLine;
  readonly notices: Notices;
}

export function buildRequest({ paths, opts, ctx, since, until, progress, notices }: RequestParts): AnalyzeRequest {
  return {
    paths,
    stdin: ctx.stdin,
    options: { eventTz: opts.eventTz, node: opts.nodeName },
    filters: { since, until, resource: opts.resource, node: opts.node },
    toolVersion: ctx.version,
    onProgress: (p) => progress.update(p),
    onDiagnostic: (d) => notices.diagnostic(d),
    signal: ctx.signal,
    workers: opts.threads,
  };
}

export function startFeedback(opts: InputOptions, ctx: CliContext): { progress: ProgressLine; notices: Notices } {
  const progress = createProgress({ stream: ctx.stderr, env: ctx.env, quiet: opts.quiet === true, now: ctx.now });
  return { progress, notices: createNotices(ctx.stderr, progress) };
}

export async function runAnalysis(
  paths: readonly string[],
  opts: InputOptions,
  ctx: CliContext,
  bounds: { since?: number | undefined; until?: number | undefined },
): Promise<AnalysisResult> {
  requireInput(paths, ctx);
  const { analyze } = await ctx.loadPipeline();
  const { progress, notices } = startFeedback(opts, ctx);
  let result: AnalysisResult;
  try {
    result = await analyze(buildRequest({ paths, opts, ctx, ...bounds, progress, notices }));
  } finally {
    progress.clear();
  }
  throwIfAborted(ctx);
  // Whatever was not reported while reading is reported now, once.
  for (const d of result.report.diagnostics) notices.diagnostic(d);
  notices.skipped(result.report.skipped);
  if (result.nothingRead) notices.message('no input could be read');
  return result;
}
