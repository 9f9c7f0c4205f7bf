/**
 * Library API: the analysis, its report model, the typed events and the output formats.
 * Nothing here reads argv, exits the process or decides about colour (pass a Chalk instance to a reporter).
 */
export { analyze, streamEvents } from './analyze.js';
export type { AnalysisResult, AnalyzeRequest, EventFilters, Progress } from './analyze.js';
export type { ReadOptions } from './parse/types.js';
export * from './shared/report.js';
export type * from './events/types.js';
export { reporters, REPORTER_NAMES } from './report/index.js';
export type { Reporter, ReporterName, ReporterOptions } from './report/index.js';
export { eventRecord } from './report/event-json.js';
export { sanitize } from './report/sanitize.js';
