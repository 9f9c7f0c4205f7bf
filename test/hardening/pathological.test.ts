/**
 * Pathological lines (100 kB runs of one character: separators, brackets, quotes, blanks) must not make
 * any regex backtrack for ever. Each line goes where every stage sees it: the head that the readers sniff,
 * the body of a cluster.log, a copied-details export and a CSV message. The test asserts that the analysis
 * completes and accounts for the lines; the benchmark (`npm run bench`) asserts how fast.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeJson, clusterLine, crlf, csvQuote, deadlockLines, T0, tempDirs, usDateTime } from './support.js';

const dirs = tempDirs('patho');
afterAll(() => dirs.cleanup());

const K100 = 100 * 1024;
const PREFIX = clusterLine(T0 - 1000, 'INFO', 'RCM', '');

/** Separators, brackets and quotes. */
const SEPARATORS: Record<string, string> = {
  colons: `${PREFIX}${':'.repeat(K100)}`,
  'prefix separators': '00000a94.00001c20::'.repeat(K100 / 19),
  'nested brackets': `${'['.repeat(K100 / 2)}${']'.repeat(K100 / 2)}`,
  'nested parentheses': `${PREFIX}TransitionToState(${'('.repeat(K100)}) Online-->${'-'.repeat(K100)}`,
  'angle brackets then quotes': `${clusterLine(T0, 'INFO', 'RES', 'Network Name <')}${'<'.repeat(K100)}: ${'"'.repeat(K100)}`,
  'endless quotes': `"${'a,'.repeat(K100 / 2)}`,
  'single quotes': `Cluster resource '${"x' (resource type '".repeat(K100 / 20)}`,
  'section marker': `[=== ${'='.repeat(K100)} ===]`,
  'state arrows': `${PREFIX}Res ${'x: a -> b( '.repeat(K100 / 12)}`,
  'label colons': `Description${' :'.repeat(K100 / 2)}`,
  'json braces': `${'{"a":'.repeat(K100 / 5)}`,
};

/** Runs of blanks: the cases that once made a label regex backtrack quadratically. */
const BLANKS: Record<string, string> = {
  'spaces then x': `${' '.repeat(K100)}x`,
  'tabs then dots': `${'\t'.repeat(K100)}${'.'.repeat(K100)}`,
  'spaces then a colon': `${' '.repeat(K100)}:`,
  'tabs and spaces then a label': `${' \t'.repeat(K100 / 2)}Event ID: 1230`,
};

/**
 * One folder where each pathological line sits in four places: alone at the top of a file (the sniffers
 * read it), inside a cluster.log, inside a copied-details export and inside a CSV message.
 */
function collection(lines: Record<string, string>): string {
  const dir = dirs.make();
  const all = Object.values(lines);
  writeFileSync(join(dir, 'ALONE.txt'), crlf(all));
  writeFileSync(join(dir, 'PATHO1_cluster.log'), crlf([...deadlockLines(T0, 'Cluster Name'), ...all, ...deadlockLines(T0 + 3_600_000, 'Print Spooler')]));
  const details = (description: string): string[] => [
    'Log Name:      System',
    'Source:        Microsoft-Windows-FailoverClustering',
    `Date:          ${usDateTime(T0 + 300_200)}`,
    'Event ID:      1069',
    'Task Category: Resource Control Manager',
    'Level:         Error',
    'Computer:      PATHO2.contoso.com',
    'Description:',
    description,
    '',
  ];
  writeFileSync(join(dir, 'PATHO2-details.txt'), crlf([...details("Cluster resource 'Cluster Name' of type 'Network Name' in clustered role 'Cluster Group' failed."), ...all.flatMap((l) => details(l))]));
  writeFileSync(
    join(dir, 'PATHO3-System.csv'),
    crlf([
      'Level,Date and Time,Source,Event ID,Task Category',
      ...all.map((l, i) => `Error,${usDateTime(T0 + i * 1000)},Microsoft-Windows-FailoverClustering,1069,Resource Control Manager,${csvQuote(l)}`),
    ]),
  );
  return dir;
}

async function expectCompletes(lines: Record<string, string>): Promise<void> {
  const dir = collection(lines);
  const n = Object.keys(lines).length;
  const { run, report } = await analyzeJson(['.'], { cwd: dir, timeoutMs: 30_000 });
  expect(run.status).toBe(0);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  const input = (name: string) => report.inputs.find((i) => i.path === name);
  // The cluster log around the lines is read whole: its two incidents and every record are there.
  const log = input('PATHO1_cluster.log');
  expect(log?.format).toBe('cluster-log');
  expect(report.incidents.filter((i) => i.node === 'PATHO1').map((i) => i.resource)).toEqual(['Cluster Name', 'Print Spooler']);
  expect((log?.records ?? 0) + (log?.unparsed ?? 0)).toBeGreaterThanOrEqual(10);
  expect(input('PATHO2-details.txt')).toMatchObject({ format: 'eventlog-details-text' });
  expect(input('PATHO2-details.txt')!.records + input('PATHO2-details.txt')!.unparsed).toBe(n + 1);
  expect(input('PATHO3-System.csv')).toMatchObject({ format: 'eventlog-csv', records: n, unparsed: 0 });
  // Alone, the lines are either read by some reader or skipped with a reason: never lost silently.
  const alone = input('ALONE.txt');
  if (alone === undefined) expect(report.skipped.map((s) => s.path)).toContain('ALONE.txt');
}

describe('analysis of a file of pathological lines completes', () => {
  it('100 kB of separators, nested brackets, endless quotes', async () => {
    await expectCompletes(SEPARATORS);
  }, 40_000);

  // Blank runs are what sends the label regex of the text exports (parse/event-export/labels.ts) into quadratic backtracking.
  it('100 kB of spaces then x, 100 kB of tabs then dots', async () => {
    await expectCompletes(BLANKS);
  }, 40_000);
});
