/**
 * Colour is decided once, here, and handed to reporters as a Chalk instance (style guide §2.2):
 * `--color`/`--no-color` > `NO_COLOR` > `FORCE_COLOR` > whether the output is a terminal.
 */
import { Chalk, type ChalkInstance } from 'chalk';

export type ColorLevel = 0 | 1 | 2 | 3;

export interface ColorInputs {
  /** `--color` (true), `--no-color` (false), or neither (undefined). */
  readonly flag: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether the report goes to a terminal (false for `-o file` and pipes). */
  readonly isTTY: boolean;
}

/** FORCE_COLOR as chalk/supports-color read it: `0`/`false` off, `1`-`3` a level, anything else on. */
function forcedLevel(value: string | undefined): ColorLevel | null {
  if (value === undefined) return null;
  if (value === '0' || value.toLowerCase() === 'false') return 0;
  if (value === '2' || value === '3') return Number(value) as ColorLevel;
  return 1;
}

export function colorLevel({ flag, env, isTTY }: ColorInputs): ColorLevel {
  const forced = forcedLevel(env['FORCE_COLOR']);
  if (flag === true) return forced !== null && forced > 0 ? forced : 1;
  if (flag === false) return 0;
  // no-color.org: any non-empty value disables colour.
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  if (forced !== null) return forced;
  if (!isTTY || env['TERM'] === 'dumb') return 0;
  return 1;
}

export function createChalk(inputs: ColorInputs): ChalkInstance {
  return new Chalk({ level: colorLevel(inputs) });
}
