/** Contracts of the report stage: a reporter turns a Report into the bytes of one output format. */
import type { ChalkInstance } from 'chalk';
import type { Report } from '../shared/report.js';

export interface ReporterOptions {
  /** Decided once by the CLI (`cli/color.ts`); level 0 returns plain strings. */
  readonly chalk: ChalkInstance;
  /** Columns to fit; `0` or `Infinity` means no wrapping or truncation. */
  readonly width: number;
}

/** Same input, same bytes out: no clock, no cwd, no env, no TTY checks. */
export type Reporter = (report: Report, options: ReporterOptions) => string;
