/** One incident as a terminal card: headline, facts, root cause with evidence, outcome, timeline. */
import type { ChalkInstance } from 'chalk';
import type { Evidence, Incident, Severity } from '../shared/report.js';
import { detectedText, formatUtc, headline, outcomeLine, resourceText, rootCauseText } from './format.js';
import { hang, isUnbounded } from './layout.js';
import { sanitize } from './sanitize.js';
import { renderTimeline, rowFromEntry } from './timeline.js';
import type { ReporterOptions } from './types.js';

export function paintSeverity(chalk: ChalkInstance, severity: Severity, text: string): string {
  if (severity === 'critical') return chalk.bold.red(text);
  if (severity === 'error') return chalk.red(text);
  return chalk.yellow(text);
}

export interface CardOptions extends ReporterOptions {
  /** Display names of source files. */
  readonly names: ReadonlyMap<string, string>;
}

const LABEL_WIDTH = 14;

/** `Label         value` with the value wrapped under itself. */
function field(options: CardOptions, label: string, value: string, paint?: (line: string) => string): string[] {
  const prefix = `  ${options.chalk.bold(label.padEnd(LABEL_WIDTH - 2))}`;
  return hang(prefix, value, options.width, LABEL_WIDTH, paint);
}

/** A list under a label: the first item on the label's line, one item per line, each wrapped. */
function listField(options: CardOptions, label: string, items: readonly string[], bullet: string): string[] {
  const out: string[] = [];
  items.forEach((item, i) => {
    const text = `${bullet}${sanitize(item)}`;
    const prefix = i === 0 ? `  ${options.chalk.bold(label.padEnd(LABEL_WIDTH - 2))}` : ' '.repeat(LABEL_WIDTH);
    out.push(...hang(prefix, text, options.width, LABEL_WIDTH + bullet.length));
  });
  return out;
}

function evidenceLines(options: CardOptions, evidence: readonly Evidence[]): string[] {
  const { chalk } = options;
  const out: string[] = [];
  const indent = LABEL_WIDTH;
  evidence.forEach((e, i) => {
    const where = `${sanitize(options.names.get(e.source.file) ?? e.source.file)}:${e.source.line}`;
    const meta = [where, formatUtc(e.at), sanitize(e.node), ...(e.signature !== null ? [sanitize(e.signature)] : [])].join(' · ');
    const prefix = i === 0 ? `  ${chalk.bold('Evidence'.padEnd(LABEL_WIDTH - 2))}` : ' '.repeat(indent);
    out.push(...hang(prefix, meta, options.width, indent, chalk.dim));
    out.push(...hang(' '.repeat(indent + 2), sanitize(e.text, { newlines: true }), options.width, indent + 2));
    if (e.note !== null) out.push(...hang(' '.repeat(indent + 2), `→ ${sanitize(e.note)}`, options.width, indent + 4, chalk.italic));
  });
  return out;
}

/** The whole card, without a trailing newline. `index`/`total` number the cards. */
export function renderCard(incident: Incident, index: number, total: number, options: CardOptions): string[] {
  const { chalk } = options;
  const out: string[] = [];
  const rule = `── ${index}/${total} · ${incident.severity} `;
  const ruleWidth = isUnbounded(options.width) ? 80 : options.width;
  out.push(chalk.dim(rule + '─'.repeat(Math.max(3, ruleWidth - rule.length))));

  const h = headline(incident);
  const label = paintSeverity(chalk, incident.severity, h.label);
  out.push(...hang(`${label}  `, sanitize(h.parts.join(' · ')), options.width, 2, chalk.bold));

  out.push(...field(options, 'Incident', sanitize(incident.id), chalk.dim));
  out.push(...field(options, 'Detected', sanitize(detectedText(incident))));
  const resource = resourceText(incident);
  if (resource !== null) out.push(...field(options, 'Resource', sanitize(resource)));

  const cause = incident.rootCause;
  const rules = cause.rules.length > 0 ? ` · rules ${cause.rules.map((r) => sanitize(r)).join(', ')}` : '';
  out.push(...field(options, 'Root cause', `${sanitize(rootCauseText(incident))}${rules}`, chalk.bold));
  if (cause.summary !== '') out.push(...hang(' '.repeat(LABEL_WIDTH), sanitize(cause.summary), options.width));
  if (cause.evidence.length > 0) out.push(...evidenceLines(options, cause.evidence));

  if (incident.activity !== null) out.push(...field(options, 'Activity', sanitize(incident.activity)));
  if (incident.collateral.length > 0) out.push(...field(options, 'Collateral', incident.collateral.map((c) => sanitize(c)).join(', ')));
  out.push(...field(options, 'Outcome', sanitize(outcomeLine(incident))));
  if (incident.escalation.length > 0) {
    for (const line of listField(options, 'Escalation', incident.escalation, '! ')) out.push(chalk.yellow(line));
  }
  if (incident.recommendations.length > 0) out.push(...listField(options, 'Next steps', incident.recommendations, '• '));

  if (incident.timeline.length > 0) {
    const t0 = incident.detectedAt !== null ? `T0 = ${formatUtc(incident.detectedAt)} (detection)` : 'times in UTC';
    out.push(...field(options, 'Timeline', t0, chalk.dim));
    const rows = incident.timeline.map(rowFromEntry);
    out.push(...renderTimeline(rows, { ...options, anchor: incident.detectedAt, indent: 4, ownResource: incident.resource }));
  }
  return out;
}
