import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/helpers/sample-report.js';
import {
  detectedText,
  formatCount,
  formatDuration,
  formatRelative,
  formatUtc,
  formatZone,
  headline,
  headlineText,
  hungForMs,
  kindLabel,
  skippedAndDiagnostics,
  sortIncidents,
  summaryRows,
  zoneGroups,
  zoneText,
} from './format.js';
import { readableUtc, type InputSummary } from '../shared/report.js';

describe('durations and relative times', () => {
  it.each([
    [450, '450 ms'],
    [12_000, '12s'],
    [12_500, '12.5s'],
    [300_000, '5m 00s'],
    [300_016, '5m 00s'],
    [3_720_000, '1h 02m'],
    [2 * 86_400_000 + 3 * 3_600_000, '2d 03h'],
  ])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [-300_000, 'T-5m00s'],
    [0, 'T0'],
    [12_000, 'T+12s'],
    [250, 'T+0.250s'],
    [1_050, 'T+1.050s'],
    [3_720_000, 'T+1h02m'],
    [-8_010, 'T-8.010s'],
  ])('formatRelative(%i) = %s', (ms, text) => expect(formatRelative(ms)).toBe(text));
});

describe('numbers, times and zones', () => {
  it('groups thousands without depending on the locale', () => {
    expect([formatCount(0), formatCount(999), formatCount(1000), formatCount(1234567)]).toEqual(['0', '999', '1,000', '1,234,567']);
  });

  it('formats UTC times for people', () => {
    expect(formatUtc('2024-03-01T20:07:58.009Z')).toBe('2024-03-01 20:07:58.009Z');
    expect(formatUtc('2024-03-01T20:07:58.009Z', 'time')).toBe('20:07:58.009');
    expect(formatUtc(null)).toBe('(no time)');
  });

  it('spells a time like the sentences the engine writes (readableUtc)', () => {
    const ms = Date.UTC(2024, 2, 5, 10, 22, 31, 123);
    expect(readableUtc(ms)).toBe('2024-03-05 10:22:31.123Z');
    expect(formatUtc(new Date(ms).toISOString())).toBe(readableUtc(ms));
    expect(formatUtc(new Date(ms).toISOString(), 'minute')).toBe('2024-03-05 10:22Z');
  });

  it('shows how far the wall clock is ahead of UTC', () => {
    expect([formatZone(0), formatZone(-60), formatZone(300), formatZone(-330), formatZone(null)]).toEqual([
      'UTC',
      'UTC+01:00',
      'UTC-05:00',
      'UTC+05:30',
      'offset unknown',
    ]);
  });
});

describe('headline', () => {
  const [nodeDown, deadlock, quorum] = sampleReport().incidents;

  it('says what hung, for how long, where, and what happened next', () => {
    expect(headlineText(deadlock!)).toBe(
      'DEADLOCK  Cluster Name (Network Name) · LooksAlive hung 5m 00s on NODE1 · RHS 0xf1c terminated · restarted in a separate monitor',
    );
    expect(headlineText(nodeDown!)).toBe('NODE DOWN  NODE2 · removed from cluster membership · failed over to NODE1');
    expect(headlineText(quorum!)).toBe('QUORUM LOST  NODE2 lost quorum · cluster service stopped');
  });

  it('measures the hang from start to detection, else timeout plus overrun', () => {
    expect(hungForMs(deadlock!)).toBe(300_016);
    expect(hungForMs({ ...deadlock!, startedAt: null })).toBe(300_016);
    expect(hungForMs({ ...deadlock!, startedAt: null, timeoutMs: null })).toBeNull();
  });

  it('names the type once, and a resource-type incident by its type', () => {
    const vm = { ...deadlock!, resource: 'Virtual Machine Configuration SQLVM07', resourceType: 'Virtual Machine Configuration' };
    expect(headline(vm).parts[0]).toBe('Virtual Machine Configuration SQLVM07');
    expect(headline({ ...deadlock!, resource: null, group: null }).parts[0]).toBe('resource type Network Name');
  });

  it('says during which call the resource host failed', () => {
    expect(headline({ ...deadlock!, kind: 'rhs-failure', entryPoint: 'IsAlive' }).parts[1]).toBe('resource host failed during IsAlive on NODE1');
  });

  it('keeps the RHS process out of the headline when RHS is not what failed', () => {
    expect(headline({ ...deadlock!, kind: 'online-failure' }).parts.join(' · ')).not.toContain('RHS');
  });

  it('does not claim RHS was terminated when it is not known to be gone', () => {
    expect(headline({ ...deadlock!, outcome: 'node-bugchecked' }).parts).toContain('RHS 0xf1c');
  });

  it('labels unknown kinds from their id', () => {
    expect(kindLabel('some-new-kind')).toBe('SOME NEW KIND');
  });
});

describe('detected', () => {
  const [nodeDown, deadlock] = sampleReport().incidents;

  it('says how the start was found in words, and leaves out a start equal to the detection', () => {
    expect(detectedText(deadlock!)).toContain('(last line of the stuck thread)');
    expect(detectedText({ ...deadlock!, startedAt: deadlock!.detectedAt, startedFrom: 'detection' })).not.toContain('started');
  });

  it('does not put a node-down incident "on" the node that left', () => {
    expect(detectedText(nodeDown!)).not.toContain(` on ${nodeDown!.node}`);
  });
});

describe('order and summary', () => {
  it('puts the most severe first, then the earliest', () => {
    expect(sortIncidents(sampleReport().incidents).map((i) => i.kind)).toEqual(['deadlock', 'quorum-loss', 'node-down']);
  });

  it('groups incidents by kind, node and resource', () => {
    const report = sampleReport();
    const twice = [...report.incidents, { ...report.incidents[1]!, id: 'again', detectedAt: '2024-03-01T19:00:00.000Z' }];
    const rows = summaryRows(twice);
    expect(rows.map((r) => [r.kind, r.node, r.resource, r.count])).toEqual([
      ['deadlock', 'NODE1', 'Cluster Name', 2],
      ['quorum-loss', 'NODE2', '—', 1],
      ['node-down', 'NODE2', 'SQLAG01', 1],
    ]);
    expect(rows[0]?.firstAt).toBe('2024-03-01T19:00:00.000Z');
  });
});

describe('time zones', () => {
  const input = (path: string, zone: InputSummary['zone']): InputSummary => ({ ...sampleReport().inputs[0]!, path, zone });
  const utc = { basis: 'utc', offsetMinutes: 0, how: 'cluster.log default (UTC): no 2016+ header states the time basis' } as const;

  it('does not say the basis twice', () => {
    expect(zoneText({ basis: 'local', offsetMinutes: 300, how: 'inferred from 2 matches (1230 ↔ DeadlockMonitor)' })).toBe(
      'local time UTC-05:00 — inferred from 2 matches (1230 ↔ DeadlockMonitor)',
    );
    expect(zoneText({ basis: 'unknown', offsetMinutes: null, how: 'no record carries a time' })).toBe('local time, offset unknown — no record carries a time');
  });

  it('groups inputs by decision and says each reason once', () => {
    const groups = zoneGroups([
      input('a.log', utc),
      input('a.csv', { basis: 'local', offsetMinutes: 360, how: 'inferred from 1 match (1135 ↔ connection broken)' }),
      input('b.log', utc),
      input('b.csv', { basis: 'local', offsetMinutes: 360, how: 'inferred from 3 matches (1177 ↔ lost quorum)' }),
      input('c.log', utc),
    ]);
    expect(groups).toEqual([
      { zone: utc, reasons: [{ how: utc.how, paths: ['a.log', 'b.log', 'c.log'] }] },
      {
        zone: { basis: 'local', offsetMinutes: 360, how: 'inferred from 1 match (1135 ↔ connection broken)' },
        reasons: [
          { how: 'inferred from 1 match (1135 ↔ connection broken)', paths: ['a.csv'] },
          { how: 'inferred from 3 matches (1177 ↔ lost quorum)', paths: ['b.csv'] },
        ],
      },
    ]);
  });
});

describe('skipped inputs', () => {
  it('take the level of the diagnostic that says the same, which is then not listed again', () => {
    const report = sampleReport();
    const empty = { path: 'C:\\temp\\logs\\empty.log', reason: 'empty file' };
    const withEmpty = {
      ...report,
      skipped: [...report.skipped, empty],
      diagnostics: [...report.diagnostics, { level: 'warning' as const, code: 'empty', file: empty.path, line: null, message: 'empty file' }],
    };
    const { skipped, diagnostics } = skippedAndDiagnostics(withEmpty);
    expect(skipped).toEqual([
      { ...report.skipped[0]!, level: null },
      { ...empty, level: 'warning' },
    ]);
    expect(diagnostics).toEqual(report.diagnostics);
  });
});
