/** `wsfc-forensics events [paths...]`: every record as a typed event, streamed as NDJSON. */
import { Option, type Command } from 'commander';
import type { ClusterEvent } from '../../events/types.js';
import { eventLine } from '../../report/event-json.js';
import { buildRequest, requireInput, startFeedback, throwIfAborted } from '../analysis.js';
import type { CliContext } from '../context.js';
import { EVENTS_HELP } from '../help.js';
import { addInputOptions, type InputOptions } from '../options.js';
import { openSink } from '../output.js';
import { absoluteFilters } from '../time-window.js';

export interface EventsOptions extends InputOptions {
  readonly format: 'ndjson';
  readonly onlyTyped?: boolean;
}

export async function eventsAction(paths: readonly string[], opts: EventsOptions, ctx: CliContext): Promise<number> {
  requireInput(paths, ctx);
  const { streamEvents } = await ctx.loadPipeline();
  const { progress, notices } = startFeedback(opts, ctx);
  const sink = openSink(opts.output, ctx.stdout);
  const keep = (e: ClusterEvent): boolean => opts.onlyTyped !== true || e.type !== 'generic';
  const stream = streamEvents(buildRequest({ paths, opts, ctx, ...absoluteFilters(opts), progress, notices }));
  try {
    for await (const batch of stream.events) {
      throwIfAborted(ctx);
      const text = batch.filter(keep).map(eventLine).join('');
      if (text === '') continue;
      progress.clear();
      // One write per batch; awaiting it applies the consumer's back-pressure to the readers.
      await sink.write(text);
    }
  } finally {
    progress.clear();
  }
  await sink.close();
  const summary = stream.summary();
  for (const d of summary.diagnostics) notices.diagnostic(d);
  notices.skipped(summary.skipped);
  if (summary.inputs.length === 0) {
    notices.message('no input could be read');
    return 2;
  }
  return 0;
}

export function registerEvents(program: Command, ctx: CliContext, done: (status: number) => void): void {
  const command = program
    .command('events')
    .description('print every record as a typed event, one JSON object per line')
    .argument('[paths...]', "cluster.log files, event-log exports, folders; '-' reads standard input")
    .addOption(new Option('-f, --format <name>', 'output format').choices(['ndjson']).default('ndjson'))
    .option('--only-typed', "leave out records that are not a recognised event ('generic')")
    .option('-o, --output <file>', 'write to this file instead of standard output');
  addInputOptions(command, 'absolute');
  command.addHelpText('after', EVENTS_HELP).action(async (paths: string[], opts: EventsOptions) => {
    done(await eventsAction(paths, opts, ctx));
  });
}
