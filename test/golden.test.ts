/**
 * Golden files of the built CLI on every fixture collection, in every report format, plus the merged
 * timeline of two collections. Review changes with `git diff test/golden`; regenerate with
 * `npm run build && npx vitest run test/golden.test.ts -u` (`-u` last: it takes an optional value).
 * With CI=true a missing golden fails.
 *
 * The CLI runs with cwd = repository root and relative paths, so paths in the output are stable.
 * Nothing is normalised: the output must not depend on the clock, the machine's time zone or locale.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { visibleWidth } from '../src/report/layout.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'wsfc-forensics.js');
const BUILT = join(ROOT, 'dist', 'cli', 'run.js');
const WIDTH = 100;

const COLLECTIONS = readdirSync(join(ROOT, 'fixtures'))
  .filter((d) => /^\d\d-/.test(d) && statSync(join(ROOT, 'fixtures', d)).isDirectory())
  .sort();

/** Collections whose merged timeline is kept too: a single-source story and a three-node one. */
const TIMELINE_COLLECTIONS = ['01-netname-isalive-dns-shared-rhs', '09-node-removed-heartbeat-quorum-3-nodes'];

const FORMATS = [
  { format: 'text', ext: 'txt', args: ['--no-color', '--width', String(WIDTH)] },
  { format: 'markdown', ext: 'md', args: [] },
  { format: 'json', ext: 'json', args: [] },
  { format: 'ndjson', ext: 'ndjson', args: [] },
  { format: 'junit', ext: 'xml', args: [] },
] as const;

/** Controls a terminal acts on, bidi controls and invisible format characters (newline allowed). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Colour variables are cleared so that only the flags decide; the text run also says --no-color. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env['FORCE_COLOR'];
  return env;
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ status, stdout, stderr });
    });
  });
}

/** Checks shared by every run: exit 0, no stack trace, a final newline. */
function expectCleanRun(run: Run, what: string): void {
  expect(run.stderr, `${what}: stderr`).not.toMatch(/^\s+at /m);
  expect(run.status, `${what}: exit status; stderr:\n${run.stderr}`).toBe(0);
  expect(run.stdout.endsWith('\n'), `${what}: ends with a newline`).toBe(true);
}

function parseXml(xml: string): { names: string[]; attrs: Map<string, Record<string, string>[]> } {
  const parser = new SaxesParser();
  const names: string[] = [];
  const attrs = new Map<string, Record<string, string>[]>();
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    names.push(tag.name);
    attrs.set(tag.name, [...(attrs.get(tag.name) ?? []), tag.attributes as Record<string, string>]);
  });
  parser.write(xml).close();
  return { names, attrs };
}

/** Well-formedness beyond the golden bytes: what a consumer of each format relies on. */
const WELL_FORMED: Record<(typeof FORMATS)[number]['format'], (out: string) => void> = {
  text(out) {
    expect(out).not.toMatch(RAW_CONTROL);
    const wide = out.split('\n').filter((line) => visibleWidth(line) > WIDTH);
    expect(wide, `lines wider than ${WIDTH} columns`).toEqual([]);
  },
  markdown(out) {
    expect(out).not.toMatch(RAW_CONTROL);
    // Every table row has as many cells as its header (an unescaped `|` would add one).
    const cells = (line: string): number => line.replace(/\\\|/g, '').split('|').length;
    let header: number | null = null;
    for (const line of out.split('\n')) {
      if (!line.startsWith('|')) {
        header = null;
        continue;
      }
      header ??= cells(line);
      expect(cells(line), line).toBe(header);
    }
  },
  json(out) {
    const report = JSON.parse(out) as { schemaVersion: number; incidents: unknown[]; summary: { incidents: number } };
    expect(report.schemaVersion).toBe(1);
    expect(report.summary.incidents).toBe(report.incidents.length);
    // Controls inside strings are escaped (`\u001b`), so the only raw ones are the pretty-printing newlines.
    expect(out).not.toMatch(RAW_CONTROL);
  },
  ndjson(out) {
    expect(out).not.toMatch(RAW_CONTROL);
    const lines = out.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { type: string; schemaVersion: number; summary?: { incidents: number } });
    for (const r of records) expect(r.schemaVersion).toBe(1);
    const last = records.at(-1);
    expect(last?.type).toBe('summary');
    expect(records.slice(0, -1).every((r) => r.type === 'incident')).toBe(true);
    expect(last?.summary?.incidents).toBe(records.length - 1);
  },
  junit(out) {
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const { names, attrs } = parseXml(out);
    expect(names[0]).toBe('testsuites');
    const suite = attrs.get('testsuite')?.[0] ?? {};
    const count = (name: string): number => names.filter((n) => n === name).length;
    expect(Number(suite['tests'])).toBe(count('testcase'));
    expect(Number(suite['failures'])).toBe(count('failure'));
    expect(Number(suite['skipped'])).toBe(count('skipped'));
    expect(attrs.get('testsuites')?.[0]?.['tests']).toBe(suite['tests']);
  },
};

beforeAll(() => {
  expect(existsSync(BUILT), 'dist/ is missing: run `npm run build` (npm test does) before this test').toBe(true);
});

it('finds the fixture collections', () => {
  expect(COLLECTIONS.length).toBeGreaterThanOrEqual(10);
  for (const c of TIMELINE_COLLECTIONS) expect(COLLECTIONS).toContain(c);
});

// Each run spawns Node and reads a whole collection: run them side by side.
describe.concurrent.each(COLLECTIONS)('analyze fixtures/%s', (collection) => {
  it.for(FORMATS)('--format $format', async ({ format, ext, args }, { expect }) => {
    const run = await cli(['analyze', `fixtures/${collection}`, '--format', format, ...args]);
    expectCleanRun(run, `${collection} ${format}`);
    WELL_FORMED[format](run.stdout);
    await expect(run.stdout).toMatchFileSnapshot(`./golden/${collection}/report.${ext}`);
    // Problems with inputs go to stderr, one line each; they are part of what a user sees.
    if (format === 'text') await expect(run.stderr).toMatchFileSnapshot(`./golden/${collection}/stderr.txt`);
  });
});

describe.concurrent.each(TIMELINE_COLLECTIONS)('timeline fixtures/%s', (collection) => {
  it('text', async ({ expect }) => {
    const run = await cli(['timeline', `fixtures/${collection}`, '--no-color', '--width', String(WIDTH)]);
    expectCleanRun(run, `${collection} timeline`);
    WELL_FORMED.text(run.stdout);
    await expect(run.stdout).toMatchFileSnapshot(`./golden/${collection}/timeline.txt`);
  });
});

describe('determinism', () => {
  // A second run in another time zone and locale must give the same bytes: times are UTC and
  // numbers are grouped by hand, so neither may leak into a report.
  it.each(['text', 'json'] as const)('%s output is byte-identical across runs, time zones and locales', async (format) => {
    const collection = '04-fsw-looksalive-deadlock-sql-ag-collateral';
    const args = ['analyze', `fixtures/${collection}`, '--format', format, '--no-color', '--width', String(WIDTH)];
    const [a, b] = await Promise.all([
      cli(args),
      cli(args, cliEnv({ TZ: 'Asia/Kolkata', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' })),
    ]);
    expectCleanRun(a, 'first run');
    expectCleanRun(b, 'second run');
    expect(Buffer.from(b.stdout).equals(Buffer.from(a.stdout))).toBe(true);
  });
});
