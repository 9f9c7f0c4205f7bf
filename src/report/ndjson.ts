/**
 * `--format ndjson`: one JSON object per line, for `jq`, log shippers and CI annotations.
 *
 * Lines, in this order:
 *  - `{"type":"incident","schemaVersion":1, ...Incident}`: one per incident, in report order; the fields
 *    after `schemaVersion` are exactly those of `incidents[]` in `--format json`.
 *  - `{"type":"summary","schemaVersion":1,"tool":{name,version},"inputs":N,"skipped":N,
 *    "diagnostics":{"error":N,"warning":N,"info":N},"summary":{...}}`: always last, always present;
 *    `summary` is the Report's `summary` object.
 */
import type { Report } from '../shared/report.js';
import { canonicalIncident, canonicalSummary, stringify } from './canonical.js';
import type { Reporter } from './types.js';

function diagnosticCounts(report: Report): Record<'error' | 'warning' | 'info', number> {
  const count = (level: string): number => report.diagnostics.filter((d) => d.level === level).length;
  return { error: count('error'), warning: count('warning'), info: count('info') };
}

export const ndjson: Reporter = (report) => {
  const lines = report.incidents.map((incident) =>
    stringify({ type: 'incident', schemaVersion: report.schemaVersion, ...canonicalIncident(incident) }),
  );
  lines.push(
    stringify({
      type: 'summary',
      schemaVersion: report.schemaVersion,
      tool: { name: report.tool.name, version: report.tool.version },
      inputs: report.inputs.length,
      skipped: report.skipped.length,
      diagnostics: diagnosticCounts(report),
      summary: canonicalSummary(report.summary),
    }),
  );
  return `${lines.join('\n')}\n`;
};
