/**
 * `--format junit`: JUnit XML for CI test tabs (GitLab, Azure DevOps, Jenkins).
 * One `<testsuite>` for the run, named after the inputs' common folder. Each incident is a failing
 * `<testcase>` (classname = kind, name = headline) whose `<failure>` body is the plain text card;
 * each input without an incident is a passing testcase; each skipped input a skipped one.
 */
import { Chalk } from 'chalk';
import type { Incident, InputSummary, Report } from '../shared/report.js';
import { headlineText, rootCauseText, sortIncidents } from './format.js';
import { commonFolder, sourceNames } from './paths.js';
import { sanitize } from './sanitize.js';
import { renderCard } from './text-card.js';
import type { Reporter } from './types.js';

/** XML is never coloured, whatever the caller's choice. */
const PLAIN = new Chalk({ level: 0 });

/** Characters XML 1.0 does not allow at all (after `sanitize`, only U+FFFE/U+FFFF can remain). */
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  // Parsers normalise raw newlines and tabs in attributes to spaces; character references survive.
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

export function xmlText(text: string): string {
  return sanitize(text, { newlines: true, tabs: true })
    .replace(ILLEGAL_XML, '')
    .replace(/[&<>]/g, (ch) => TEXT_ESCAPES[ch] ?? ch);
}

export function xmlAttr(text: string): string {
  return sanitize(text, { newlines: true, tabs: true })
    .replace(ILLEGAL_XML, '')
    .replace(/[&<>"'\n\r\t]/g, (ch) => ATTR_ESCAPES[ch] ?? ch);
}

function attrs(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([key, value]) => ` ${key}="${xmlAttr(String(value))}"`)
    .join('');
}

/** An input took part in an incident when the incident cites it or happened on its node. */
function isInvolved(input: InputSummary, incidents: readonly Incident[]): boolean {
  const node = input.node.toLowerCase();
  return incidents.some(
    (i) =>
      i.node?.toLowerCase() === node ||
      i.timeline.some((t) => t.source.file === input.path) ||
      i.rootCause.evidence.some((e) => e.source.file === input.path),
  );
}

/** The file of the detection step, for CI tools that link a testcase to a file. */
function detectionFile(incident: Incident): string | null {
  const step = incident.timeline.find((t) => t.at === incident.detectedAt) ?? incident.timeline[0];
  return step?.source.file ?? null;
}

export const junit: Reporter = (report) => {
  const incidents = sortIncidents(report.incidents);
  const names = sourceNames(report);
  const cases: string[] = [];

  incidents.forEach((incident, i) => {
    const card = renderCard(incident, i + 1, incidents.length, { chalk: PLAIN, width: 0, names }).join('\n');
    const message = `${rootCauseText(incident)}: ${incident.rootCause.summary}`;
    const file = detectionFile(incident);
    cases.push(
      `    <testcase${attrs({ classname: incident.kind, name: headlineText(incident), ...(file !== null ? { file } : {}) })}>`,
      `      <failure${attrs({ message, type: incident.kind })}>${xmlText(card)}</failure>`,
      '    </testcase>',
    );
  });
  const quiet = report.inputs.filter((input) => !isInvolved(input, incidents));
  for (const input of quiet) cases.push(`    <testcase${attrs({ classname: `input.${input.kind}`, name: input.path, file: input.path })}/>`);
  for (const s of report.skipped) {
    cases.push(
      `    <testcase${attrs({ classname: 'input.skipped', name: s.path, file: s.path })}>`,
      `      <skipped${attrs({ message: s.reason })}/>`,
      '    </testcase>',
    );
  }

  const tests = incidents.length + quiet.length + report.skipped.length;
  const counts = { tests, failures: incidents.length, errors: 0, skipped: report.skipped.length };
  const suiteName = commonFolder([...report.inputs.map((i) => i.path), ...report.skipped.map((s) => s.path)]) ?? report.tool.name;
  const diagnostics = report.diagnostics.map(
    (d) => `${d.level}: ${d.file ?? ''}${d.line !== null ? `:${d.line}` : ''}${d.file !== null ? ': ' : ''}${d.code}: ${d.message}`,
  );
  const properties = [
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['schemaVersion', String(report.schemaVersion)],
    ['records', String(report.summary.recordsRead)],
    ['unparsed', String(report.summary.recordsUnparsed)],
  ].map(([name = '', value = '']) => `      <property${attrs({ name, value })}/>`);

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: report.tool.name, ...counts })}>`,
    `  <testsuite${attrs({ name: suiteName, ...counts })}>`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...cases,
    ...(diagnostics.length > 0 ? [`    <system-err>${xmlText(diagnostics.join('\n'))}</system-err>`] : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};
