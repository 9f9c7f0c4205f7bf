/**
 * The commander program and the CLI's one error boundary. `runCli` returns the exit status instead of
 * exiting, so that piped output is flushed and tests can call it; `main` sets `process.exitCode`.
 */
import { Command, CommanderError } from 'commander';
import { registerAnalyze } from './commands/analyze.js';
import { registerEvents } from './commands/events.js';
import { registerRules } from './commands/rules.js';
import { registerTimeline } from './commands/timeline.js';
import { processContext, type CliContext } from './context.js';
import { BrokenPipeError, internalErrorText, isAbort, isUserFacing } from './errors.js';
import { EXIT_STATUS, PROGRAM_EXAMPLES } from './help.js';
import { noticeLine } from './notices.js';

/** Commander codes that mean "printed what was asked", not an error. */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

export function createProgram(ctx: CliContext, done: (status: number) => void): Command {
  const program = new Command('wsfc-forensics')
    .description(
      'Explain Windows Server Failover Cluster resource failures (RHS deadlocks, health-check failures, failovers) from cluster.log files and System event-log exports.',
    )
    .version(ctx.version, '-V, --version', 'print the version')
    // Commander would exit(1) on bad usage, and 1 means "--fail-on matched" here.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.stdout.write(text),
      writeErr: (text) => void ctx.stderr.write(text),
      outputError: (text, write) => write(`wsfc-forensics: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `${PROGRAM_EXAMPLES}\n${EXIT_STATUS}`);
  registerAnalyze(program, ctx, done);
  registerEvents(program, ctx, done);
  registerTimeline(program, ctx, done);
  registerRules(program, ctx, done);
  return program;
}

/** Maps anything thrown to an exit status, printing at most one line (or one block for a bug). */
function statusOf(err: unknown, ctx: CliContext): number {
  if (err instanceof CommanderError) return COMMANDER_OK.has(err.code) || err.exitCode === 0 ? 0 : 2;
  if (err instanceof BrokenPipeError) return 0;
  if (ctx.signal.aborted || isAbort(err)) {
    ctx.stderr.write(noticeLine(null, null, 'interrupted'));
    return 130;
  }
  if (isUserFacing(err)) {
    ctx.stderr.write(noticeLine(null, null, err.message));
    return 2;
  }
  ctx.stderr.write(internalErrorText(err, ctx.version));
  return 2;
}

export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  let status = 0;
  const program = createProgram(ctx, (s) => {
    status = s;
  });
  try {
    await program.parseAsync([...argv]);
    return status;
  } catch (err) {
    return statusOf(err, ctx);
  }
}

export async function main(argv: readonly string[], ctx?: CliContext): Promise<void> {
  const controller = new AbortController();
  // First Ctrl-C aborts the analysis (exit 130); the handler is gone after it, so a second one kills at once.
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  // A closed stderr (`2>&1 | head`) must not crash the run either.
  process.stderr.on('error', () => undefined);
  try {
    process.exitCode = await runCli(argv, ctx ?? processContext(controller.signal));
  } finally {
    process.off('SIGINT', onSigint);
  }
}
