/** `wsfc-forensics analyze [paths...]` (the default command): incidents and their probable causes. */
import { Option, type Command } from 'commander';
import { REPORTER_NAMES, reporters, type ReporterName } from '../../report/index.js';
import { runAnalysis } from '../analysis.js';
import type { CliContext } from '../context.js';
import { reporterOptions } from '../display.js';
import { anyFails } from '../fail-on.js';
import { ANALYZE_HELP } from '../help.js';
import { addDisplayOptions, addInputOptions, threadsOption, failOnOption, type DisplayOptions, type FailOn, type InputOptions } from '../options.js';
import { openSink } from '../output.js';
import { absoluteFilters, isRelative, resolveWindow, restrictIncidents } from '../time-window.js';

export interface AnalyzeOptions extends InputOptions, DisplayOptions {
  readonly format: ReporterName;
  readonly failOn?: FailOn;
}

export async function analyzeAction(paths: readonly string[], opts: AnalyzeOptions, ctx: CliContext): Promise<number> {
  const window = { since: opts.since, until: opts.until };
  const result = await runAnalysis(paths, opts, ctx, absoluteFilters(window));
  let report = result.report;
  // Relative bounds need the incidents first; absolute ones were already applied while reading.
  if (isRelative(window) && report.incidents.length > 0) report = restrictIncidents(report, resolveWindow(window, report.incidents));

  const sink = openSink(opts.output, ctx.stdout);
  await sink.write(reporters[opts.format](report, reporterOptions(opts, ctx)));
  await sink.close();

  if (result.nothingRead) return 2;
  return anyFails(opts.failOn, report.incidents) ? 1 : 0;
}

export function registerAnalyze(program: Command, ctx: CliContext, done: (status: number) => void): void {
  const command = program
    .command('analyze', { isDefault: true })
    .description('find resource failures and RHS deadlocks and explain their probable cause (default command)')
    .argument('[paths...]', "cluster.log files, event-log exports, folders; '-' reads standard input")
    .addOption(new Option('-f, --format <name>', 'output format').choices(REPORTER_NAMES).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of standard output')
    .addOption(failOnOption());
  addInputOptions(command, 'relative');
  command.addOption(threadsOption());
  addDisplayOptions(command);
  command.addHelpText('after', ANALYZE_HELP).action(async (paths: string[], opts: AnalyzeOptions) => {
    done(await analyzeAction(paths, opts, ctx));
  });
}
