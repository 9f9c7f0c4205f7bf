/** `wsfc-forensics rules`: the root-cause rule families and their signatures. */
import { Option, type Command } from 'commander';
import { rulesMarkdown, rulesText } from '../../report/rules.js';
import type { CliContext } from '../context.js';
import { reporterOptions } from '../display.js';
import { RULES_HELP } from '../help.js';
import { addDisplayOptions, type DisplayOptions } from '../options.js';
import { openSink } from '../output.js';

export interface RulesOptions extends DisplayOptions {
  readonly format: 'text' | 'markdown';
}

export async function rulesAction(opts: RulesOptions, ctx: CliContext): Promise<number> {
  const rules = await ctx.loadRules();
  const sink = openSink(undefined, ctx.stdout);
  await sink.write(opts.format === 'markdown' ? rulesMarkdown(rules) : rulesText(rules, reporterOptions(opts, ctx)));
  await sink.close();
  return 0;
}

export function registerRules(program: Command, ctx: CliContext, done: (status: number) => void): void {
  const command = program
    .command('rules')
    .description('list the root-cause rule families and the evidence signatures they look for')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'markdown']).default('text'));
  addDisplayOptions(command);
  command.addHelpText('after', RULES_HELP).action(async (opts: RulesOptions) => {
    done(await rulesAction(opts, ctx));
  });
}
