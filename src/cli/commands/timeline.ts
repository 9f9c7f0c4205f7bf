/** `wsfc-forensics timeline [paths...]`: significant events of all nodes and sources, merged on UTC. */
import { Option, type Command } from 'commander';
import type { ClusterEvent } from '../../events/types.js';
import type { Report } from '../../shared/report.js';
import { eventLine } from '../../report/event-json.js';
import { plural } from '../../report/format.js';
import { shortNames } from '../../report/paths.js';
import { eventName, matchesKind, renderTimeline, rowFromEvent } from '../../report/timeline.js';
import type { ReporterOptions } from '../../report/types.js';
import { runAnalysis } from '../analysis.js';
import type { CliContext } from '../context.js';
import { reporterOptions } from '../display.js';
import { TIMELINE_HELP } from '../help.js';
import { addDisplayOptions, addInputOptions, threadsOption, kindOption, type DisplayOptions, type InputOptions } from '../options.js';
import { openSink } from '../output.js';
import { absoluteFilters, inWindow, isRelative, resolveWindow } from '../time-window.js';

export interface TimelineCliOptions extends InputOptions, DisplayOptions {
  readonly format: 'text' | 'ndjson';
  readonly kind?: readonly string[];
}

export function timelineText(events: readonly ClusterEvent[], report: Report, options: ReporterOptions): string {
  const { chalk } = options;
  const rows = events.map(rowFromEvent);
  const days = new Set(rows.map((r) => (r.at === null ? null : r.at.slice(0, 10))));
  const day = days.size === 1 ? ([...days][0] ?? null) : null;
  const head = `${plural(rows.length, 'event')} from ${plural(report.inputs.length, 'input')}, times in UTC${day !== null ? ` on ${day}` : ''}`;
  if (rows.length === 0) return `${head}\nNo significant events in the selected window.\n`;
  const names = shortNames(rows.map((r) => r.file));
  return `${chalk.bold(head)}\n${renderTimeline(rows, { ...options, names, day, oneLine: true }).join('\n')}\n`;
}

export async function timelineAction(paths: readonly string[], opts: TimelineCliOptions, ctx: CliContext): Promise<number> {
  const window = { since: opts.since, until: opts.until };
  // With a relative bound the incidents must be found first, so nothing is cut while reading.
  const result = await runAnalysis(paths, opts, ctx, isRelative(window) ? {} : absoluteFilters(window));
  const bounds = resolveWindow(window, result.report.incidents);
  const events = result.timeline.filter(
    (e) => inWindow(e.utcMs, bounds) && (opts.kind === undefined || matchesKind(eventName(e), opts.kind)),
  );

  const sink = openSink(opts.output, ctx.stdout);
  if (opts.format === 'ndjson') {
    for (let i = 0; i < events.length; i += 1000) await sink.write(events.slice(i, i + 1000).map(eventLine).join(''));
  } else {
    await sink.write(timelineText(events, result.report, reporterOptions(opts, ctx)));
  }
  await sink.close();
  return result.nothingRead ? 2 : 0;
}

export function registerTimeline(program: Command, ctx: CliContext, done: (status: number) => void): void {
  const command = program
    .command('timeline')
    .description('merge the significant events of all nodes and sources into one UTC timeline')
    .argument('[paths...]', "cluster.log files, event-log exports, folders; '-' reads standard input")
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'ndjson']).default('text'))
    .addOption(kindOption())
    .option('-o, --output <file>', 'write to this file instead of standard output');
  addInputOptions(command, 'relative');
  command.addOption(threadsOption());
  addDisplayOptions(command);
  command.addHelpText('after', TIMELINE_HELP).action(async (paths: string[], opts: TimelineCliOptions) => {
    done(await timelineAction(paths, opts, ctx));
  });
}
