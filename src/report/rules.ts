/** `wsfc-forensics rules`: the root-cause rule families and their signatures, as text or Markdown. */
import { hang } from './layout.js';
import { mdCode, mdText, sanitize } from './sanitize.js';
import type { ReporterOptions } from './types.js';

/** What `describeRules()` in `src/rules/index.ts` returns for one family. */
export interface RuleFamilyDescription {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  readonly signatures: readonly { readonly id: string; readonly description: string }[];
}

export function rulesText(rules: readonly RuleFamilyDescription[], options: ReporterOptions): string {
  const { chalk, width } = options;
  const out: string[] = [];
  const idWidth = Math.max(0, ...rules.flatMap((r) => r.signatures.map((s) => s.id.length))) + 2;
  for (const rule of rules) {
    out.push(...hang(`${chalk.bold(sanitize(rule.id))}  `, `${sanitize(rule.title)} (${sanitize(rule.category)})`, width, 4));
    for (const sig of rule.signatures) {
      out.push(...hang(`  ${chalk.cyan(sanitize(sig.id).padEnd(idWidth))}`, sanitize(sig.description), width, idWidth + 2));
    }
    out.push('');
  }
  const signatures = rules.reduce((n, r) => n + r.signatures.length, 0);
  out.push(`${rules.length} rule families, ${signatures} signatures.`);
  return `${out.join('\n')}\n`;
}

export function rulesMarkdown(rules: readonly RuleFamilyDescription[]): string {
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const out = [
    row(['Rule', 'Category', 'Title', 'Signatures']),
    row(['---', '---', '---', '---:']),
    ...rules.map((r) => row([mdCode(r.id, { inTable: true }), mdText(r.category), mdText(r.title), String(r.signatures.length)])),
    '',
    row(['Signature', 'What it looks for']),
    row(['---', '---']),
    ...rules.flatMap((r) => r.signatures.map((s) => row([mdCode(s.id, { inTable: true }), mdText(s.description)]))),
  ];
  return `${out.join('\n')}\n`;
}
