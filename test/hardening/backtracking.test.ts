/**
 * Regexes that backtrack for ever on long runs of blanks, found by `npm run fuzz`. Each case runs the
 * built code (dist/) in a worker thread that is terminated after a time limit, so a regression fails
 * the test instead of hanging the suite. A linear implementation reads these 100 kB lines in
 * milliseconds; the limit only has to tell that apart from minutes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FuzzCase } from '../../src/fuzz/cases.js';
import type { CaseRunner as Runner } from '../../src/fuzz/pool.js';
import { clusterLine, ROOT, T0 } from './support.js';

const LIMIT_MS = 8000;
const K100 = 100 * 1024;
const POOL = join(ROOT, 'dist', 'fuzz', 'pool.js');

let runner: Runner;
beforeAll(async () => {
  expect(existsSync(POOL), 'dist/ is missing: run `npm run build` (npm test does) before this test').toBe(true);
  const { CaseRunner } = (await import(pathToFileURL(POOL).href)) as typeof import('../../src/fuzz/pool.js');
  runner = new CaseRunner({ workerUrl: pathToFileURL(join(ROOT, 'dist', 'fuzz', 'worker.js')) });
});
afterAll(async () => {
  await runner?.close();
});

async function expectPasses(c: FuzzCase): Promise<void> {
  const outcome = await runner.run(c, LIMIT_MS);
  expect(outcome.status, outcome.status === 'hang' ? `no result after ${Math.round(outcome.ms)} ms` : '').toBe('done');
  if (outcome.status === 'done') expect(outcome.problem).toBeNull();
}

describe('no regex backtracks for ever on 100 kB runs of blanks', () => {
  // `[===` opens a 2016+ section marker; the marker regex is tried on every cluster.log line that has it.
  it('cluster.log: "[===" then 100 kB of spaces (section marker regex, parse/cluster-log/header.ts)', async () => {
    await expectPasses({ kind: 'cluster-lines', lines: [`[===${' '.repeat(K100)}x`] });
  }, 20_000);

  it('cluster.log: "[===" then 100 kB of ideographic spaces, closed', async () => {
    await expectPasses({ kind: 'cluster-lines', lines: [`[=== ${'\u3000'.repeat(K100)}-===]x`] });
  }, 20_000);

  // A record with a continuation line is matched again with its line breaks undone (legacy wrapping).
  it('cluster.log: a record of 100 kB of spaces with a continuation line (wrap undoing, parse/cluster-log/classify.ts)', async () => {
    await expectPasses({
      kind: 'cluster-lines',
      lines: [clusterLine(T0, 'ERR', 'RHS', `Call timed out${' '.repeat(K100)}x`), 'continued on the next line', clusterLine(T0 + 1, 'INFO', 'RHS', 'next record')],
    });
  }, 20_000);

  it('cluster.log: the same with no-break spaces', async () => {
    await expectPasses({
      kind: 'cluster-lines',
      lines: [clusterLine(T0, 'ERR', 'RHS', `Call timed out${'\u00a0'.repeat(K100)}:`), 'continued', clusterLine(T0 + 1, 'INFO', 'RHS', 'next record')],
    });
  }, 20_000);

  // Every text reader sniffs the head of every input; the label regex of the text exports is among them.
  it('sniffing: 100 kB of spaces then x (label regex, parse/event-export/labels.ts)', async () => {
    await expectPasses({ kind: 'sniff-read', lines: [`${' '.repeat(K100)}x`], batch: 1 });
  }, 20_000);

  it('sniffing: 100 kB of tabs then dots', async () => {
    await expectPasses({ kind: 'sniff-read', lines: [`${'\t'.repeat(K100)}${'.'.repeat(K100)}`], batch: 1 });
  }, 20_000);

  // Every export reader's messages go through the record sink, which trims blanks before line breaks.
  it('copied event details: a description line of 100 kB of spaces (message clean-up, parse/event-export/sink.ts)', async () => {
    await expectPasses({
      kind: 'reader',
      reader: 'eventlog-details-text',
      lines: ['Log Name:      System', 'Source:        Microsoft-Windows-FailoverClustering', 'Event ID:      1069', 'Description:', `${' '.repeat(K100)}x`, ''],
      batch: 3,
    });
  }, 20_000);

  it('Event Viewer CSV: a message of 100 kB of spaces and tabs', async () => {
    await expectPasses({
      kind: 'reader',
      reader: 'eventlog-csv',
      lines: ['Level,Date and Time,Source,Event ID,Task Category', `Error,3/8/2024 8:15:00 AM,Microsoft-Windows-FailoverClustering,1069,Resource Control Manager,"${' \t'.repeat(K100 / 2)}x"`],
      batch: 1,
    });
  }, 20_000);

  // Messages are matched against the event catalogue, whose templates allow any blanks between words.
  it('pasted message text: 100 kB of spaces inside a catalogued message (template regexes, events/catalogue/template.ts)', async () => {
    await expectPasses({
      kind: 'reader',
      reader: 'eventlog-message-text',
      lines: [`The Cluster service${' '.repeat(K100)}x terminated unexpectedly.`, '', `The ${' '.repeat(K100)}Windows Modules Installer service entered the running state.`],
      batch: 1,
    });
  }, 20_000);

  // The root-cause summary quotes the resource name and then trims a trailing period.
  it('a resource name with 100 kB of spaces, through the rules (summary trimming, rules/engine.ts)', async () => {
    const resource = `Cluster${' '.repeat(K100)}Name`;
    const log = [
      clusterLine(T0, 'INFO', 'RES', `Network Name <${resource}>: Dns: HealthCheck: querying DNS server 10.0.0.10`),
      clusterLine(T0 + 300_113, 'ERR', 'RHS', `RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource '${resource}'.`),
      clusterLine(T0 + 300_114, 'ERR', 'RHS', `Resource ${resource} handling deadlock. Cleaning current operation and terminating RHS process.`),
    ];
    await expectPasses({ kind: 'analyze', files: [{ name: 'NODE1_cluster.log', bytes: Buffer.from(log.map((l) => `${l}\r\n`).join('')) }] });
  }, 20_000);

  // Computer names are normalised (`NODE1.contoso.com.` → `NODE1`) by trimming trailing dots.
  it('a computer name with 100 kB of dots (node name normalisation, shared/node-name.ts)', async () => {
    await expectPasses({
      kind: 'reader',
      reader: 'eventlog-support-comma',
      lines: [
        `03/08/2024,08:15:00 AM,Error,NODE1${'.'.repeat(K100)}x,Microsoft-Windows-FailoverClustering,"Cluster resource 'Cluster Name' of type 'Network Name' in clustered role 'Cluster Group' failed."`,
        '03/08/2024,08:15:01 AM,Error,NODE1.contoso.com,Microsoft-Windows-FailoverClustering,"The Cluster service failed to bring clustered role \'Cluster Group\' completely online or offline."',
      ],
      batch: 1,
    });
  }, 20_000);

  it('wevtutil /f:text: a field line of 100 kB of tabs', async () => {
    await expectPasses({
      kind: 'reader',
      reader: 'eventlog-wevtutil-text',
      lines: ['Event[0]:', '  Log Name: System', `${'\t'.repeat(K100)}.`, '  Event ID: 1069', '  Description: ', 'text'],
      batch: 2,
    });
  }, 20_000);
});
