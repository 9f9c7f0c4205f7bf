/** The output formats, by name. Adding one: `src/report/<name>.ts` plus one entry here. */
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { ndjson } from './ndjson.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

export const reporters = { text, markdown, json, ndjson, junit } as const satisfies Record<string, Reporter>;

/** Feeds commander's `.choices()`. */
export type ReporterName = keyof typeof reporters;
export const REPORTER_NAMES = Object.keys(reporters) as ReporterName[];

export type { Reporter, ReporterOptions } from './types.js';
