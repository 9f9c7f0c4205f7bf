/**
 * `--format markdown`: a report to paste into a ticket or a pull request (GitHub-flavoured tables).
 * Log-derived text goes into code spans or fenced blocks, names into escaped prose: nothing from a
 * log can become a link, an image, HTML or a table break.
 */
import type { Incident, Report } from '../shared/report.js';
import {
  detectedText,
  formatCount,
  formatRelative,
  formatText,
  formatUtc,
  headline,
  incidentCountText,
  inputRangeText,
  kindLabel,
  outcomeLine,
  readSummaryText,
  resourceText,
  rootCauseText,
  sortIncidents,
  summaryRows,
  skippedAndDiagnostics,
  toMs,
  zoneGroups,
  zoneLabel,
  zoneText,
} from './format.js';
import { shortNames, sourceNames } from './paths.js';
import { mdCode, mdFence, mdText } from './sanitize.js';
import type { Reporter } from './types.js';

function table(head: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string[] {
  const rule = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

const cellCode = (text: string): string => mdCode(text, { inTable: true });

function inputsSection(report: Report): string[] {
  const out = ['## Inputs', ''];
  if (report.inputs.length === 0) out.push('No input could be read.');
  else {
    const rows = report.inputs.map((i) => [
      cellCode(i.path),
      `${mdText(i.node)} (${mdText(i.nodeFrom)})`,
      mdText(formatText(i)),
      mdText(i.encoding),
      mdText(inputRangeText(i)),
      formatCount(i.records),
      formatCount(i.unparsed),
      mdText(zoneLabel(i.zone)),
    ]);
    out.push(...table(['File', 'Node', 'Format', 'Encoding', 'Time range (UTC)', 'Records', 'Unparsed', 'Time zone'], rows, ['l', 'l', 'l', 'l', 'l', 'r', 'r']));
  }
  const notes = report.inputs.flatMap((i) => i.notes.map((n) => `- ${mdCode(i.path)}: ${mdText(n)}`));
  if (notes.length > 0) out.push('', ...notes);
  if (report.inputs.length > 0) {
    // The reason of each time-zone decision once, with the inputs it applies to.
    const names = shortNames(report.inputs.map((i) => i.path));
    const list = (paths: readonly string[]): string => paths.map((p) => mdCode(names.get(p) ?? p)).join(', ');
    const lines = zoneGroups(report.inputs).flatMap(({ zone, reasons }) => {
      const [only] = reasons;
      if (reasons.length === 1 && only !== undefined) return [`- ${mdText(zoneText({ ...zone, how: only.how }))}`, `  - ${list(only.paths)}`];
      return [`- ${mdText(zoneLabel(zone))}`, ...reasons.map((r) => `  - ${list(r.paths)}: ${mdText(r.how)}`)];
    });
    out.push('', '### Time zones', '', ...lines);
  }
  const { skipped, diagnostics } = skippedAndDiagnostics(report);
  if (skipped.length > 0) {
    out.push('', '### Skipped', '', ...skipped.map((s) => `- ${mdCode(s.path)}: ${mdText(s.reason)}${s.level !== null ? ` (${s.level})` : ''}`));
  }
  if (diagnostics.length > 0) {
    const rows = diagnostics.map((d) => [
      mdText(d.level),
      d.file === null ? '' : cellCode(d.file),
      d.line === null ? '' : String(d.line),
      mdText(d.code),
      mdText(d.message),
    ]);
    out.push('', '### Diagnostics', '', ...table(['Level', 'File', 'Line', 'Code', 'Message'], rows, ['l', 'l', 'r']));
  }
  return out;
}

function summarySection(report: Report): string[] {
  const rows = summaryRows(report.incidents).map((r) => [
    r.severity,
    kindLabel(r.kind),
    mdText(r.node),
    mdText(r.resource),
    formatCount(r.count),
    formatUtc(r.firstAt),
  ]);
  return ['## Summary', '', ...table(['Severity', 'Kind', 'Node', 'Resource', 'Count', 'First detected'], rows, ['l', 'l', 'l', 'l', 'r'])];
}

function bulletList(items: readonly string[], ordered = false): string[] {
  return items.map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${mdText(item)}`);
}

function timelineTable(incident: Incident, names: ReadonlyMap<string, string>): string[] {
  const t0 = toMs(incident.detectedAt);
  const day = formatUtc(incident.detectedAt).slice(0, 10);
  const rows = incident.timeline.map((t) => {
    const at = toMs(t.at);
    return [
      t0 === null || at === null ? '' : formatRelative(at - t0),
      formatUtc(t.at, formatUtc(t.at).slice(0, 10) === day ? 'time' : 'full'),
      mdText(t.node),
      cellCode(t.event),
      t.resource === null ? '' : mdText(t.resource),
      cellCode(t.text),
      cellCode(`${names.get(t.source.file) ?? t.source.file}:${t.source.line}`),
    ];
  });
  return table(['T', 'UTC', 'Node', 'Event', 'Resource', 'Text', 'Source'], rows);
}

function evidenceBlocks(incident: Incident, names: ReadonlyMap<string, string>): string[] {
  return incident.rootCause.evidence.flatMap((e) => {
    const meta = [mdCode(`${names.get(e.source.file) ?? e.source.file}:${e.source.line}`), formatUtc(e.at), mdText(e.node)];
    if (e.signature !== null) meta.push(mdCode(e.signature));
    const note = e.note !== null ? ` — ${mdText(e.note)}` : '';
    return [`${meta.join(' · ')}${note}`, '', mdFence(e.text), ''];
  });
}

function incidentSection(incident: Incident, index: number, names: ReadonlyMap<string, string>): string[] {
  const h = headline(incident);
  const out = [`### ${index}. ${h.label} — ${mdText(h.parts.join(' · '))}`, ''];
  const facts: [string, string | null][] = [
    ['Severity', incident.severity],
    ['Incident', mdCode(incident.id)],
    ['Detected', mdText(detectedText(incident))],
    ['Resource', ((r) => (r === null ? null : mdText(r)))(resourceText(incident))],
    ['Root cause', `${mdText(rootCauseText(incident))}${incident.rootCause.summary !== '' ? ` — ${mdText(incident.rootCause.summary)}` : ''}`],
    ['Rules', incident.rootCause.rules.length > 0 ? incident.rootCause.rules.map((r) => mdCode(r)).join(', ') : null],
    ['Activity', incident.activity === null ? null : mdText(incident.activity)],
    ['Collateral', incident.collateral.length > 0 ? incident.collateral.map((c) => mdText(c)).join(', ') : null],
    ['Outcome', mdText(outcomeLine(incident))],
  ];
  for (const [label, value] of facts) if (value !== null) out.push(`- **${label}:** ${value}`);
  if (incident.escalation.length > 0) out.push('- **Escalation:**', ...bulletList(incident.escalation).map((l) => `  ${l}`));
  if (incident.recommendations.length > 0) out.push('', '**Recommendations**', '', ...bulletList(incident.recommendations, true));
  if (incident.timeline.length > 0) {
    const t0 = incident.detectedAt !== null ? ` (T0 = ${formatUtc(incident.detectedAt)}, detection)` : '';
    out.push('', `**Timeline**${t0}`, '', ...timelineTable(incident, names));
  }
  if (incident.rootCause.evidence.length > 0) out.push('', '**Evidence**', '', ...evidenceBlocks(incident, names));
  if (out[out.length - 1] === '') out.pop();
  return out;
}

export const markdown: Reporter = (report) => {
  const out = [
    '# wsfc-forensics report',
    '',
    `${mdText(incidentCountText(report))} · ${mdText(report.tool.name)} ${mdText(report.tool.version)}`,
    '',
    `Read ${mdText(readSummaryText(report))}.`,
    '',
    ...inputsSection(report),
    '',
  ];
  if (report.inputs.length === 0) {
    out.push('## Incidents', '', 'No incidents found, because nothing was analysed: no input could be read.');
    return `${out.join('\n')}\n`;
  }
  if (report.incidents.length === 0) {
    out.push('## Incidents', '', 'No incidents found.');
    return `${out.join('\n')}\n`;
  }
  out.push(...summarySection(report), '', '## Incidents');
  const names = sourceNames(report);
  sortIncidents(report.incidents).forEach((incident, i) => out.push('', ...incidentSection(incident, i + 1, names)));
  return `${out.join('\n')}\n`;
};
