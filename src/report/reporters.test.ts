import { Chalk } from 'chalk';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { Report } from '../shared/report.js';
import { emptyReport, HOSTILE_NAME, sampleReport } from '../../test/helpers/sample-report.js';
import { canonicalReport } from './canonical.js';
import { reporters, type ReporterName } from './index.js';
import { visibleWidth } from './layout.js';

const plain = { chalk: new Chalk({ level: 0 }), width: 100 };
const EXT: Record<ReporterName, string> = { text: 'txt', markdown: 'md', json: 'json', ndjson: 'ndjson', junit: 'xml' };

/** Controls a terminal would act on, bidi overrides and isolates, zero-width characters (newline allowed). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

function parseXml(xml: string): { counts: Record<string, number>; attrs: Map<string, Record<string, string>> } {
  const parser = new SaxesParser();
  const counts: Record<string, number> = {};
  const attrs = new Map<string, Record<string, string>>();
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    counts[tag.name] = (counts[tag.name] ?? 0) + 1;
    if (!attrs.has(tag.name)) attrs.set(tag.name, tag.attributes as Record<string, string>);
  });
  parser.write(xml).close();
  return { counts, attrs };
}

describe('reporters', () => {
  it('are registered under their names', () => {
    expect(Object.keys(reporters)).toEqual(['text', 'markdown', 'json', 'ndjson', 'junit']);
  });

  describe.each(Object.keys(reporters) as ReporterName[])('%s', (name) => {
    it('matches the golden file for the sample report', async () => {
      await expect(reporters[name](sampleReport(), plain)).toMatchFileSnapshot(`./__golden__/sample.${EXT[name]}`);
    });

    it('is deterministic and does not depend on the order incidents arrive in (human formats)', () => {
      const a = reporters[name](sampleReport(), plain);
      expect(reporters[name](sampleReport(), plain)).toBe(a);
      if (name === 'text' || name === 'markdown' || name === 'junit') {
        const shuffled: Report = { ...sampleReport(), incidents: [...sampleReport().incidents].reverse() };
        expect(reporters[name](shuffled, plain)).toBe(a);
      }
    });

    it('ends with a newline and handles a run without incidents', () => {
      expect(reporters[name](sampleReport(), plain).endsWith('\n')).toBe(true);
      expect(reporters[name](emptyReport(), plain).endsWith('\n')).toBe(true);
    });
  });
});

/** The sample report with an empty file named on the command line: skipped, and a warning saying so. */
function withEmptyInput(): Report {
  const report = sampleReport();
  const path = 'C:\\temp\\logs\\empty.log';
  return {
    ...report,
    skipped: [...report.skipped, { path, reason: 'empty file' }],
    diagnostics: [...report.diagnostics, { level: 'warning', code: 'empty', file: path, line: null, message: 'empty file' }],
  };
}

describe.each(['text', 'markdown'] as const)('%s: inputs', (name) => {
  it('shows an empty input once, as skipped with its level', () => {
    const out = reporters[name](withEmptyInput(), plain);
    expect(out.split('empty.log')).toHaveLength(2);
    expect(out).toMatch(/empty\.log`?: empty file \(warning\)/);
  });

  it('says the reason of a time-zone decision shared by several inputs once', () => {
    const out = reporters[name](sampleReport(), plain);
    expect(out.split('2016+ header: UTC')).toHaveLength(2);
    expect(out).toMatch(/NODE1_cluster\.log`?, `?NODE2_cluster\.log/);
  });
});

describe('text', () => {
  it('prints no raw control or bidi characters, and shows the hostile ones escaped', () => {
    const out = reporters.text(sampleReport(), plain);
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).toContain('Backup\\x1b[31mRED\\x1b]8;;https://evil.example/\\x07click');
    expect(out).toContain('OK\\u202e');
  });

  it('with colour, emits only its own SGR codes', () => {
    const out = reporters.text(sampleReport(), { chalk: new Chalk({ level: 1 }), width: 100 });
    expect(out).toContain('\x1b[1m');
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL);
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toBe(reporters.text(sampleReport(), plain));
  });

  it.each([100, 80, 60])('keeps every line within %i columns', (width) => {
    const out = reporters.text(sampleReport(), { chalk: new Chalk({ level: 1 }), width });
    const wide = out.split('\n').filter((line) => visibleWidth(line) > width);
    expect(wide).toEqual([]);
  });

  it('puts the most severe incident first, with relative times and sources', () => {
    const out = reporters.text(sampleReport(), plain);
    expect(out.indexOf('DEADLOCK  Cluster Name')).toBeLessThan(out.indexOf('NODE DOWN  NODE2'));
    expect(out).toContain('dns (0.82)');
    expect(out).toMatch(/T-5m00s +20:02:58\.009 +NODE1 +res\.message\n +NODE1_cluster\.log:48190 +\[RES\] Network Name/);
    expect(reporters.text(sampleReport(), { ...plain, width: 160 })).toMatch(/T-5m00s +20:02:58\.009 +NODE1 +NODE1_cluster\.log:48190 +res\.message +\[RES\]/);
    expect(out).toMatch(/T0 +20:07:58\.025/);
  });

  it('says clearly when nothing was found, and what was read', () => {
    const out = reporters.text(emptyReport(), plain);
    expect(out).toContain('No incidents found in 4 inputs, 227,095 records');
    expect(out).not.toContain('Summary');
  });

  it('does not report an all-clear when nothing could be read', () => {
    const out = reporters.text({ ...emptyReport(), inputs: [] }, plain);
    expect(out).toContain('No incidents found, because nothing was analysed: no input could be read.');
    expect(out).not.toContain('No incidents found in');
  });
});

describe('markdown', () => {
  it('prints no raw control or bidi characters', () => {
    expect(reporters.markdown(sampleReport(), plain)).not.toMatch(RAW_CONTROL);
  });

  it('keeps every table row at its column count despite pipes in log text', () => {
    const out = reporters.markdown(sampleReport(), plain);
    const tables = out.split('\n\n').filter((block) => block.startsWith('| '));
    for (const table of tables) {
      const counts = table.split('\n').map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size).toBe(1);
    }
  });

  it('has a section per incident and fenced evidence', () => {
    const out = reporters.markdown(sampleReport(), plain);
    expect(out.match(/^### \d+\. /gm)).toHaveLength(3);
    expect(out).toContain('````text\nCluster network name resource');
  });

  it('says when nothing was found', () => {
    expect(reporters.markdown(emptyReport(), plain)).toContain('No incidents found.');
    expect(reporters.markdown({ ...emptyReport(), inputs: [] }, plain)).toContain('No incidents found, because nothing was analysed: no input could be read.');
  });
});

describe('json', () => {
  it('parses back to the report, with keys in the documented order', () => {
    const out = reporters.json(sampleReport(), plain);
    expect(JSON.parse(out)).toEqual(sampleReport());
    expect(Object.keys(JSON.parse(out) as object)).toEqual(['schemaVersion', 'tool', 'inputs', 'skipped', 'diagnostics', 'incidents', 'summary']);
    // Pretty-printed JSON.stringify, apart from the bidi override escaped below.
    expect(out.replace(/\\u202e/g, '\u202e')).toBe(`${JSON.stringify(canonicalReport(sampleReport()), null, 2)}\n`);
  });

  it('escapes controls and bidi characters, losslessly', () => {
    const out = reporters.json(sampleReport(), plain);
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).toContain('OK\\u202eexe.txt');
  });

  it('escapes C1 controls too, losslessly', () => {
    const report = { ...sampleReport(), skipped: [{ path: 'x', reason: 'csi \u009b31m' }] };
    const out = reporters.json(report, plain);
    expect(out).toContain('csi \\u009b31m');
    expect((JSON.parse(out) as Report).skipped[0]?.reason).toBe('csi \u009b31m');
  });
});

describe('ndjson', () => {
  it('writes one incident per line, then the summary', () => {
    const lines = reporters.ndjson(sampleReport(), plain).trimEnd().split('\n');
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.map((o) => o['type'])).toEqual(['incident', 'incident', 'incident', 'summary']);
    expect(objects.every((o) => o['schemaVersion'] === 1)).toBe(true);
    expect(objects[1]?.['collateral']).toContain(HOSTILE_NAME);
    expect(objects[3]).toMatchObject({ inputs: 4, skipped: 1, diagnostics: { error: 0, warning: 1, info: 1 }, summary: { incidents: 3 } });
  });

  it('writes only the summary when nothing was found', () => {
    expect(reporters.ndjson(emptyReport(), plain).trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('junit', () => {
  it('is well-formed XML with one failing testcase per incident', () => {
    const { counts, attrs } = parseXml(reporters.junit(sampleReport(), plain));
    expect(counts).toMatchObject({ testsuites: 1, testsuite: 1, testcase: 5, failure: 3, skipped: 1 });
    expect(attrs.get('testsuite')).toMatchObject({ name: 'C:\\temp\\logs', tests: '5', failures: '3', errors: '0', skipped: '1' });
    expect(attrs.get('testcase')).toMatchObject({ classname: 'deadlock' });
    expect(attrs.get('failure')?.['type']).toBe('deadlock');
  });

  it('passes every input when nothing was found', () => {
    const { counts, attrs } = parseXml(reporters.junit(emptyReport(), plain));
    expect(counts).toMatchObject({ testcase: 5, skipped: 1 });
    expect(counts['failure']).toBeUndefined();
    expect(attrs.get('testsuite')).toMatchObject({ tests: '5', failures: '0' });
  });

  it('stays well-formed with characters XML 1.0 forbids and markup in names', () => {
    const report = sampleReport();
    const evil = { ...report.incidents[1]!, resource: 'a<b>&"c"\'\u0000\uffff\x1b]x' };
    const { counts } = parseXml(reporters.junit({ ...report, incidents: [evil] }, plain));
    expect(counts['failure']).toBe(1);
  });
});
