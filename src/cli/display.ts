/** Colour and width for the text formats, decided once per run from the flags and the output. */
import type { ReporterOptions } from '../report/types.js';
import { createChalk } from './color.js';
import type { CliContext } from './context.js';
import type { DisplayOptions } from './options.js';

const DEFAULT_WIDTH = 100;

export function reporterOptions(opts: DisplayOptions & { readonly output?: string | undefined }, ctx: CliContext): ReporterOptions {
  const toTerminal = (opts.output === undefined || opts.output === '-') && ctx.stdout.isTTY === true;
  const chalk = createChalk({ flag: opts.color, env: ctx.env, isTTY: toTerminal });
  const width = opts.width ?? (toTerminal ? (ctx.stdout.columns ?? DEFAULT_WIDTH) : DEFAULT_WIDTH);
  return { chalk, width };
}
