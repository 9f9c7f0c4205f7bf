/** `--format json`: the Report (schemaVersion 1) pretty-printed with two spaces, keys in a fixed order. */
import { canonicalReport, stringify } from './canonical.js';
import type { Reporter } from './types.js';

export const json: Reporter = (report) => `${stringify(canonicalReport(report), 2)}\n`;
