/** `--format text` (default): what was read, one card per incident (most severe first), a summary table. */
import Table from 'cli-table3';
import type { InputSummary, Report } from '../shared/report.js';
import {
  formatBytes,
  formatCount,
  formatText,
  formatUtc,
  inputRangeText,
  incidentCountText,
  kindLabel,
  readSummaryText,
  skippedAndDiagnostics,
  sortIncidents,
  summaryRows,
  zoneGroups,
  zoneLabel,
  zoneText,
} from './format.js';
import { hang, isUnbounded, padEnd, truncate, truncateMiddle, visibleWidth } from './layout.js';
import { shortNames, sourceNames } from './paths.js';
import { sanitize } from './sanitize.js';
import { paintSeverity, renderCard } from './text-card.js';
import type { Reporter, ReporterOptions } from './types.js';

function inputLines(input: InputSummary, options: ReporterOptions): string[] {
  const { chalk, width } = options;
  const facts = [
    `${input.node} (from ${input.nodeFrom})`,
    formatText(input),
    input.encoding,
    formatBytes(input.bytes),
  ].map((s) => sanitize(s));
  const counts = [
    inputRangeText(input),
    `${formatCount(input.records)} records`,
    `${formatCount(input.unparsed)} unparsed`,
  ];
  const lines = [
    ...hang('  ', sanitize(input.path), width, 4, chalk.bold),
    ...hang('      ', facts.join(' · '), width),
    ...hang('      ', counts.join(' · '), width),
  ];
  for (const note of input.notes) lines.push(...hang('      ', `note: ${sanitize(note)}`, width, 12, chalk.dim));
  return lines;
}

function header(report: Report, options: ReporterOptions): string[] {
  const { chalk, width } = options;
  const out: string[] = [];
  out.push(...hang('', `${report.tool.name} ${sanitize(report.tool.version)} — ${incidentCountText(report)}`, width, 2, chalk.bold));
  out.push(...hang('', `Read ${readSummaryText(report)}`, width, 2));
  out.push('', chalk.bold('Inputs'));
  if (report.inputs.length === 0) out.push('  (none could be read)');
  for (const input of report.inputs) out.push(...inputLines(input, options));
  if (report.inputs.length > 0) {
    // Each time-zone decision once, with the inputs it applies to.
    const names = shortNames(report.inputs.map((i) => i.path));
    out.push('', chalk.bold('Time zones'));
    const list = (paths: readonly string[]): string => paths.map((p) => sanitize(names.get(p) ?? p)).join(', ');
    for (const { zone, reasons } of zoneGroups(report.inputs)) {
      const [only] = reasons;
      if (reasons.length === 1 && only !== undefined) {
        out.push(...hang('  ', sanitize(zoneText({ ...zone, how: only.how })), width, 4));
        out.push(...hang('      ', list(only.paths), width, 6, chalk.dim));
        continue;
      }
      out.push(...hang('  ', sanitize(zoneLabel(zone)), width, 4));
      for (const r of reasons) out.push(...hang('      ', `${list(r.paths)}: ${sanitize(r.how)}`, width, 8));
    }
  }
  const { skipped, diagnostics } = skippedAndDiagnostics(report);
  if (skipped.length > 0) {
    out.push('', chalk.bold('Skipped'));
    for (const s of skipped) {
      out.push(...hang('  ', `${sanitize(s.path)}: ${sanitize(s.reason)}${s.level !== null ? ` (${s.level})` : ''}`, width, 4));
    }
  }
  if (diagnostics.length > 0) {
    out.push('', chalk.bold('Diagnostics'));
    for (const d of diagnostics) {
      const where = d.file === null ? '' : `${sanitize(d.file)}${d.line !== null ? `:${d.line}` : ''}  `;
      const level = d.level === 'error' ? chalk.red(d.level) : d.level === 'warning' ? chalk.yellow(d.level) : chalk.dim(d.level);
      out.push(...hang(`  ${padEnd(level, 7)}  `, `${where}${sanitize(d.code)}: ${sanitize(d.message)}`, width, 4));
    }
  }
  return out;
}

/** Incidents by kind, node and resource. Cells are cut, then columns dropped, to stay inside the width. */
function summaryTable(report: Report, options: ReporterOptions): string[] {
  const { chalk } = options;
  const rows = summaryRows(report.incidents);
  const render = (cut: number, withTime: boolean): string[] => {
    const table = new Table({
      head: ['Severity', 'Kind', 'Node', 'Resource', 'Count', ...(withTime ? ['First detected'] : [])],
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const row of rows) {
      table.push([
        paintSeverity(chalk, row.severity, row.severity),
        kindLabel(row.kind),
        truncate(sanitize(row.node), 15),
        truncateMiddle(sanitize(row.resource), cut),
        { content: formatCount(row.count), hAlign: 'right' },
        ...(withTime ? [formatUtc(row.firstAt)] : []),
      ]);
    }
    return table.toString().split('\n');
  };
  const widest = (lines: string[]): number => Math.max(0, ...lines.map(visibleWidth));
  const fits = (lines: string[]): boolean => isUnbounded(options.width) || widest(lines) <= options.width;
  // The resource column gives up exactly what is missing, down to 24 columns, before the time goes.
  const fitted = (withTime: boolean): string[] => {
    const full = render(isUnbounded(options.width) ? Number.POSITIVE_INFINITY : 48, withTime);
    const resource = Math.max(...rows.map((r) => visibleWidth(sanitize(r.resource))), 0);
    return render(Math.max(24, Math.min(48, resource) - (widest(full) - options.width)), withTime);
  };
  const attempts = [
    () => render(isUnbounded(options.width) ? Number.POSITIVE_INFINITY : 48, true),
    () => fitted(true),
    () => render(24, false),
    () => render(12, false),
  ];
  let lines: string[] = [];
  for (const attempt of attempts) {
    lines = attempt();
    if (fits(lines)) break;
  }
  return [chalk.bold('Summary'), ...lines];
}

export const text: Reporter = (report, options) => {
  const out = header(report, options);
  out.push('');
  if (report.inputs.length === 0) {
    // A green "No incidents found in 0 inputs" would read as an all-clear for logs that were never read.
    out.push(options.chalk.red('No incidents found, because nothing was analysed: no input could be read.'));
    return `${out.join('\n')}\n`;
  }
  if (report.incidents.length === 0) {
    out.push(...hang('', `No incidents found in ${readSummaryText(report)}.`, options.width, 2, options.chalk.green));
    return `${out.join('\n')}\n`;
  }
  const names = sourceNames(report);
  const incidents = sortIncidents(report.incidents);
  incidents.forEach((incident, i) => {
    out.push(...renderCard(incident, i + 1, incidents.length, { ...options, names }), '');
  });
  out.push(...summaryTable(report, options));
  return `${out.join('\n')}\n`;
};
