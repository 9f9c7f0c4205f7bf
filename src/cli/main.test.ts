import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Report } from '../shared/report.js';
import { callTimeout, eventRecord1230, generic } from '../../test/helpers/events.js';
import { argv, Capture, fakeCli, sampleResult } from '../../test/helpers/fake-cli.js';
import { emptyReport } from '../../test/helpers/sample-report.js';
import { runCli } from './main.js';

const ANSI = /\x1b\[[0-9;]*m/;

/** The last line on stderr: the sample report's own diagnostics come first. */
const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';

describe('analyze: exit status', () => {
  it('is 0 when the analysis ran, whatever it found', async () => {
    const fake = fakeCli();
    expect(await runCli(argv('analyze', 'logs'), fake.ctx)).toBe(0);
    expect(fake.stdout.text).toContain('DEADLOCK  Cluster Name (Network Name)');
    expect(fake.stderr.text).not.toContain('Error');
  });

  it('is 1 when --fail-on matches an incident, 0 when it does not', async () => {
    expect(await runCli(argv('analyze', 'logs', '--fail-on', 'deadlock,rhs-failure'), fakeCli().ctx)).toBe(1);
    expect(await runCli(argv('analyze', 'logs', '--fail-on', 'critical'), fakeCli().ctx)).toBe(1);
    expect(await runCli(argv('analyze', 'logs', '--fail-on', 'csv-failure'), fakeCli().ctx)).toBe(0);
    const empty = fakeCli({ result: sampleResult({ report: emptyReport() }) });
    expect(await runCli(argv('analyze', 'logs', '--fail-on', 'any'), empty.ctx)).toBe(0);
  });

  it('is 2 when no input could be read, after printing the report', async () => {
    const fake = fakeCli({ result: sampleResult({ report: { ...emptyReport(), inputs: [] }, nothingRead: true }) });
    expect(await runCli(argv('analyze', 'missing.log', '--fail-on', 'any'), fake.ctx)).toBe(2);
    expect(fake.stdout.text).toContain('No incidents found');
    expect(fake.stderr.text).toContain('wsfc-forensics: no input could be read\n');
  });

  it('is 2 for a bad --format, --fail-on, --width, --since or --event-tz, with one message line', async () => {
    for (const args of [
      ['--format', 'html'],
      ['--fail-on', 'deadlocks'],
      ['--width', '5'],
      ['--since', 'yesterday at noon'],
      ['--event-tz', 'Mars/Olympus'],
      ['--no-such-flag'],
    ]) {
      const fake = fakeCli();
      expect(await runCli(argv('analyze', 'logs', ...args), fake.ctx)).toBe(2);
      expect(fake.stderr.text).toMatch(/^wsfc-forensics: /);
      expect(fake.stderr.text).not.toMatch(/\n\s+at /);
      expect(fake.requests).toHaveLength(0);
    }
  });

  it('is 0 for --help and --version', async () => {
    const help = fakeCli();
    expect(await runCli(argv('--help'), help.ctx)).toBe(0);
    expect(help.stdout.text).toContain('Exit status:');
    expect(help.stdout.text).toContain('Get-ClusterLog | % FullName | wsfc-forensics analyze -');
    const version = fakeCli();
    expect(await runCli(argv('--version'), version.ctx)).toBe(0);
    expect(version.stdout.text).toBe('0.0.0-test\n');
    for (const command of ['analyze', 'events', 'timeline', 'rules']) {
      const fake = fakeCli();
      expect(await runCli(argv(command, '--help'), fake.ctx)).toBe(0);
      expect(fake.stdout.text).toContain('Examples:');
      expect(fake.stdout.text).toContain('Exit status:');
    }
  });

  it('prints a bug once, with version, Node version and stack, and exits 2', async () => {
    const fake = fakeCli({
      analyze: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    expect(await runCli(argv('analyze', 'logs'), fake.ctx)).toBe(2);
    expect(fake.stderr.text).toContain('internal error; this is a bug');
    expect(fake.stderr.text).toContain(`wsfc-forensics 0.0.0-test · Node ${process.version}`);
    expect(fake.stderr.text).toMatch(/TypeError: Cannot read properties[^\n]*\n\s+at /);
  });

  it('prints input errors from the pipeline as one line, without a stack', async () => {
    const fake = fakeCli({
      analyze: async () => {
        throw Object.assign(new Error('C:\\logs\\x.evtx: not an EVTX file'), { name: 'InputError' });
      },
    });
    expect(await runCli(argv('analyze', 'logs'), fake.ctx)).toBe(2);
    expect(fake.stderr.text).toBe('wsfc-forensics: C:\\logs\\x.evtx: not an EVTX file\n');
  });

  it('refuses to wait for input typed on a terminal', async () => {
    const fake = fakeCli({ stdinTTY: true });
    expect(await runCli(argv('analyze'), fake.ctx)).toBe(2);
    expect(fake.stderr.text).toMatch(/^wsfc-forensics: no input: give files or folders/);
  });

  it('reads standard input when it is piped and no path is given', async () => {
    const fake = fakeCli({ stdinTTY: false });
    expect(await runCli(argv('analyze'), fake.ctx)).toBe(0);
    expect(fake.requests[0]?.paths).toEqual([]);
    expect(fake.requests[0]?.stdin).toBe(fake.ctx.stdin);
  });
});

describe('analyze: options and output', () => {
  it('is the default command', async () => {
    const fake = fakeCli();
    expect(await runCli(argv('logs', '-f', 'json'), fake.ctx)).toBe(0);
    expect((JSON.parse(fake.stdout.text) as Report).incidents).toHaveLength(3);
  });

  it('passes inputs, options and filters to the analysis', async () => {
    const fake = fakeCli();
    const args = ['C:\\temp\\logs', '-', '--event-tz', 'Europe/Berlin', '--node', 'NODE1', '--node-name', 'PASTED', '--resource', 'Cluster Name'];
    await runCli(argv('analyze', ...args, '--since', '2024/03/01-20:00:00', '--until', '2024-03-01T21:00:00Z'), fake.ctx);
    const request = fake.requests[0];
    expect(request?.paths).toEqual(['C:\\temp\\logs', '-']);
    expect(request?.options).toEqual({ eventTz: 'Europe/Berlin', node: 'PASTED' });
    expect(request?.filters).toEqual({
      since: Date.UTC(2024, 2, 1, 20),
      until: Date.UTC(2024, 2, 1, 21),
      resource: 'Cluster Name',
      node: 'NODE1',
    });
    expect(request?.toolVersion).toBe('0.0.0-test');
    expect(request?.signal).toBe(fake.ctx.signal);
  });

  it('applies offsets from the first incident after the analysis', async () => {
    const fake = fakeCli();
    expect(await runCli(argv('analyze', 'logs', '-f', 'json', '--until', '+10m', '--fail-on', 'node-down'), fake.ctx)).toBe(0);
    expect(fake.requests[0]?.filters?.until).toBeUndefined();
    const report = JSON.parse(fake.stdout.text) as Report;
    expect(report.incidents.map((i) => i.kind)).toEqual(['deadlock']);
    expect(report.summary.incidents).toBe(1);
  });

  it('writes the report to -o, uncoloured, and nothing to standard output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsfc-cli-'));
    const fake = fakeCli({ stdout: new Capture({ isTTY: true }) });
    expect(await runCli(argv('analyze', 'logs', '-f', 'markdown', '-o', join(dir, 'report.md')), fake.ctx)).toBe(0);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^# wsfc-forensics report\n/);
    expect(fake.stdout.text).toBe('');

    const text = fakeCli({ stdout: new Capture({ isTTY: true }) });
    await runCli(argv('analyze', 'logs', '-o', join(dir, 'report.txt')), text.ctx);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).not.toMatch(ANSI);
  });

  it('is 2 with one line when the report cannot be written', async () => {
    const fake = fakeCli();
    const dir = mkdtempSync(join(tmpdir(), 'wsfc-cli-'));
    expect(await runCli(argv('analyze', 'logs', '-o', join(dir, 'no', 'such', 'dir', 'r.txt')), fake.ctx)).toBe(2);
    expect(lastLine(fake.stderr.text)).toMatch(/^wsfc-forensics: .*r\.txt: cannot write: ENOENT/);
    expect(fake.stderr.text).not.toMatch(/\n\s+at /);
  });

  it('colours a terminal, not a pipe, and obeys NO_COLOR and --color', async () => {
    const run = async (env: Record<string, string>, isTTY: boolean, ...flags: string[]): Promise<boolean> => {
      const fake = fakeCli({ env, stdout: new Capture({ isTTY, columns: 120 }) });
      await runCli(argv('analyze', 'logs', ...flags), fake.ctx);
      return ANSI.test(fake.stdout.text);
    };
    expect(await run({}, true)).toBe(true);
    expect(await run({}, false)).toBe(false);
    expect(await run({ NO_COLOR: '1' }, true)).toBe(false);
    expect(await run({ NO_COLOR: '1' }, false, '--color')).toBe(true);
    expect(await run({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await run({}, true, '--no-color')).toBe(false);
  });

  it('wraps to the terminal width, or to --width', async () => {
    const narrow = fakeCli({ stdout: new Capture({ isTTY: true, columns: 70 }) });
    await runCli(argv('analyze', 'logs', '--no-color'), narrow.ctx);
    expect(Math.max(...narrow.stdout.text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(70);
    const wide = fakeCli();
    await runCli(argv('analyze', 'logs', '--width', '160'), wide.ctx);
    expect(Math.max(...wide.stdout.text.split('\n').map((l) => [...l].length))).toBeGreaterThan(100);
  });

  it('prints input problems on stderr once each, one line, naming the file', async () => {
    const warning = { level: 'warning', code: 'bad-record', file: 'C:\\logs\\n2.log', line: 7, message: 'line cut at 1 MiB' } as const;
    const fake = fakeCli({
      analyze: async (request) => {
        request.onDiagnostic?.(warning);
        request.onDiagnostic?.({ level: 'info', code: 'clock-skew', file: null, line: null, message: 'skew' });
        const report = sampleResult().report;
        return sampleResult({ report: { ...report, diagnostics: [warning, ...report.diagnostics] } });
      },
    });
    await runCli(argv('analyze', 'logs'), fake.ctx);
    expect(fake.stderr.text.split('\n')).toEqual([
      'wsfc-forensics: C:\\logs\\n2.log:7: line cut at 1 MiB',
      'wsfc-forensics: C:\\temp\\logs\\NODE2_cluster.log:48812: line longer than 1 MiB, cut',
      'wsfc-forensics: C:\\temp\\logs\\readme.txt: skipped: not a cluster log or event export (no reader matched the first 200 lines)',
      '',
    ]);
  });

  it('escapes hostile file names on stderr', async () => {
    const fake = fakeCli({
      analyze: async (request) => {
        request.onDiagnostic?.({ level: 'error', code: 'unreadable', file: 'evil\x1b]0;pwned\x07.log', line: null, message: 'EACCES' });
        return sampleResult();
      },
    });
    await runCli(argv('analyze', 'logs'), fake.ctx);
    expect(fake.stderr.text).toContain('wsfc-forensics: evil\\x1b]0;pwned\\x07.log: EACCES\n');
  });
});

describe('broken pipes and interrupts', () => {
  it('exits 0 quietly when standard output goes away (| head)', async () => {
    const stdout = Object.assign(
      new Writable({
        write(_chunk, _encoding, callback) {
          callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        },
      }),
      { isTTY: false },
    );
    const fake = fakeCli({ stdout: stdout as unknown as Capture });
    expect(await runCli(argv('analyze', 'logs', '--fail-on', 'any'), fake.ctx)).toBe(0);
    expect(fake.stderr.text).not.toMatch(/EPIPE|pipe|bug/);
  });

  it('exits 130 when interrupted, passing the signal to the analysis', async () => {
    const controller = new AbortController();
    const fake = fakeCli({
      signal: controller.signal,
      analyze: (request) =>
        new Promise((_resolve, reject) => {
          request.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
          setTimeout(() => controller.abort(), 5);
        }),
    });
    expect(await runCli(argv('analyze', 'logs'), fake.ctx)).toBe(130);
    expect(fake.stderr.text).toBe('wsfc-forensics: interrupted\n');
    expect(fake.stdout.text).toBe('');
  });
});

describe('events', () => {
  it('streams NDJSON, one event per line, and leaves out generic records with --only-typed', async () => {
    const batches = [[callTimeout(), generic()], [eventRecord1230()]];
    const all = fakeCli({ batches });
    expect(await runCli(argv('events', 'logs'), all.ctx)).toBe(0);
    expect(all.stdout.text.trimEnd().split('\n')).toHaveLength(3);

    const typed = fakeCli({ batches });
    expect(await runCli(argv('events', 'logs', '--only-typed'), typed.ctx)).toBe(0);
    const lines = typed.stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['type'])).toEqual(['rhs.call-timeout', 'eventlog.record']);
    expect(lines[0]).toMatchObject({ utc: '2024-03-01T20:07:58.025Z', node: 'NODE1', file: 'C:\\logs\\NODE1_cluster.log', line: 10 });
  });

  it('keeps up with a slow reader (back-pressure) and keeps the order', async () => {
    const batches = Array.from({ length: 50 }, (_, i) => [callTimeout({ source: { file: 'x.log', line: i + 1 } })]);
    const fake = fakeCli({ batches, stdout: new Capture({ highWaterMark: 64, delayMs: 1 }) });
    expect(await runCli(argv('events', 'x.log'), fake.ctx)).toBe(0);
    const lines = fake.stdout.text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { line: number }).line);
    expect(lines).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('passes absolute filters and rejects offsets (there are no incidents to be relative to)', async () => {
    const fake = fakeCli();
    await runCli(argv('events', 'logs', '--since', '2024-03-01T20:00:00Z', '--resource', 'Cluster Name'), fake.ctx);
    expect(fake.requests[0]?.filters).toMatchObject({ since: Date.UTC(2024, 2, 1, 20), resource: 'Cluster Name' });
    expect(await runCli(argv('events', 'logs', '--since', '-10m'), fakeCli().ctx)).toBe(2);
  });

  it('is 2 when no input could be read', async () => {
    const fake = fakeCli({ batches: [], result: sampleResult({ report: { ...emptyReport(), inputs: [] } }) });
    expect(await runCli(argv('events', 'missing.log'), fake.ctx)).toBe(2);
    expect(fake.stderr.text).toContain('wsfc-forensics: no input could be read');
  });
});

describe('timeline', () => {
  it('prints one line per significant event with time, node, source, event, resource and text', async () => {
    const fake = fakeCli();
    expect(await runCli(argv('timeline', 'logs', '--width', '200'), fake.ctx)).toBe(0);
    const lines = fake.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toBe('2 events from 4 inputs, times in UTC on 2024-03-01');
    expect(lines[1]).toMatch(/^20:07:58\.025 {2}NODE1 {2}NODE1_cluster\.log:10 +rhs\.call-timeout +Cluster Name {2}RhsCall::/);
    expect(lines[2]).toMatch(/^20:08:00\.000 {2}NODE1 {2}System\.csv:18 +eventlog\.1230 /);
  });

  it('keeps one line per event on a narrow terminal, and full dates across days', async () => {
    const nextDay = callTimeout({ utcMs: Date.UTC(2024, 2, 2, 1, 0) });
    const fake = fakeCli({ result: sampleResult({ timeline: [callTimeout(), eventRecord1230(), nextDay] }) });
    await runCli(argv('timeline', 'logs', '--width', '60'), fake.ctx);
    const lines = fake.stdout.text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('3 events from 4 inputs, times in UTC');
    expect(lines[3]).toMatch(/^2024-03-02 01:00:00\.000Z /);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(60);
  });

  it('filters by --kind prefixes', async () => {
    const fake = fakeCli();
    await runCli(argv('timeline', 'logs', '--kind', 'eventlog', '-f', 'ndjson'), fake.ctx);
    expect(fake.stdout.text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['eventlog.record']);
  });

  it('windows around a named incident, found after the analysis', async () => {
    const id = 'deadlock-node1-cluster-name-20240301t200758025z';
    const fake = fakeCli();
    expect(await runCli(argv('timeline', 'logs', '--since', `${id}-5m`, '--until', `${id}+1s`, '-f', 'ndjson'), fake.ctx)).toBe(0);
    expect(fake.requests[0]?.filters?.since).toBeUndefined();
    expect(fake.stdout.text.trimEnd().split('\n')).toHaveLength(1);
  });

  it('is 2 for an unknown incident id', async () => {
    const fake = fakeCli();
    expect(await runCli(argv('timeline', 'logs', '--since', 'no-such-incident-5m'), fake.ctx)).toBe(2);
    expect(lastLine(fake.stderr.text)).toMatch(/^wsfc-forensics: --since no-such-incident-5m: no incident with id 'no-such-incident' \(found: /);
  });

  it('says so when the window is empty', async () => {
    const fake = fakeCli();
    await runCli(argv('timeline', 'logs', '--since', '2030-01-01'), fake.ctx);
    expect(fake.stdout.text).toContain('No significant events in the selected window.');
  });
});

describe('rules', () => {
  it('lists families and signatures as text or Markdown', async () => {
    const text = fakeCli();
    expect(await runCli(argv('rules'), text.ctx)).toBe(0);
    expect(text.stdout.text).toMatch(/^dns {2}DNS did not answer the resource \(dns\)\n {2}dns\/health-check-timeout {2}Network Name/);
    const md = fakeCli();
    expect(await runCli(argv('rules', '--format', 'markdown'), md.ctx)).toBe(0);
    expect(md.stdout.text).toContain('| `dns/health-check-timeout` | Network Name health check waited on a DNS query \\| timeout |');
  });
});
