import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/helpers/sample-report.js';
import { absoluteFilters, parseAbsolute, parseTimeBound, resolveWindow, restrictIncidents } from './time-window.js';

const T = (iso: string): number => Date.parse(iso);

describe('parseAbsolute', () => {
  it.each([
    ['2024-03-01T20:07:58Z', '2024-03-01T20:07:58.000Z'],
    ['2024-03-01T20:07:58.009Z', '2024-03-01T20:07:58.009Z'],
    ['2024-03-01 20:07', '2024-03-01T20:07:00.000Z'],
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['2024/03/01-20:07:58.009', '2024-03-01T20:07:58.009Z'],
    ['2024-03-01T22:07:58+02:00', '2024-03-01T20:07:58.000Z'],
    ['2024-03-01T15:07:58-0500', '2024-03-01T20:07:58.000Z'],
    ['2024-03-01T20:07:58 UTC', '2024-03-01T20:07:58.000Z'],
  ])('%s is %s', (text, iso) => expect(parseAbsolute(text)).toBe(T(iso)));

  it.each(['2024-02-31', '2024-13-01', '2024-03-01T25:00', 'yesterday', '-10m'])('rejects %s', (text) => {
    expect(parseAbsolute(text)).toBeNull();
  });
});

describe('parseTimeBound', () => {
  it('reads offsets from the first incident and from a named one', () => {
    expect(parseTimeBound('-10m')).toMatchObject({ kind: 'relative', incident: null, offsetMs: -600_000 });
    expect(parseTimeBound('+1h30m')).toMatchObject({ kind: 'relative', incident: null, offsetMs: 5_400_000 });
    expect(parseTimeBound('deadlock-node1-x-20240301t200758025z-5m')).toMatchObject({
      kind: 'relative',
      incident: 'deadlock-node1-x-20240301t200758025z',
      offsetMs: -300_000,
    });
    expect(parseTimeBound('quorum-loss-node2+90s')).toMatchObject({ incident: 'quorum-loss-node2', offsetMs: 90_000 });
    expect(parseTimeBound('some-incident')).toMatchObject({ incident: 'some-incident', offsetMs: 0 });
  });

  it('prefers absolute times', () => {
    expect(parseTimeBound('2024-03-01T20:00:00Z')).toMatchObject({ kind: 'absolute', ms: T('2024-03-01T20:00:00Z') });
  });

  it('explains what it accepts', () => {
    expect(() => parseTimeBound('10 minutes ago')).toThrow(/cannot read '10 minutes ago' as a time/);
  });
});

describe('windows', () => {
  const incidents = sampleReport().incidents;

  it('passes only absolute bounds to the analysis', () => {
    expect(absoluteFilters({ since: parseTimeBound('2024-03-01T20:00:00Z'), until: parseTimeBound('+10m') })).toEqual({
      since: T('2024-03-01T20:00:00Z'),
    });
  });

  it('resolves offsets against the first incident detected, or the named one', () => {
    expect(resolveWindow({ since: parseTimeBound('-10m'), until: parseTimeBound('+10m') }, incidents)).toEqual({
      since: T('2024-03-01T19:57:58.025Z'),
      until: T('2024-03-01T20:17:58.025Z'),
    });
    const id = 'node-down-node2-20240301t203115400z';
    expect(resolveWindow({ since: parseTimeBound(`${id}-5m`) }, incidents)).toEqual({ since: T('2024-03-01T20:26:15.400Z'), until: null });
    expect(resolveWindow({ until: parseTimeBound(id.toUpperCase()) }, incidents).until).toBe(T('2024-03-01T20:31:15.400Z'));
  });

  it('is a usage error when the incident does not exist', () => {
    expect(() => resolveWindow({ since: parseTimeBound('nope-5m') }, incidents)).toThrow(/--since nope-5m: no incident with id 'nope'/);
    expect(() => resolveWindow({ since: parseTimeBound('-5m') }, [])).toThrow(/no incident was found/);
  });

  it('keeps incidents detected inside the window and recounts the summary', () => {
    const report = restrictIncidents(sampleReport(), resolveWindow({ until: parseTimeBound('+10m') }, incidents));
    expect(report.incidents.map((i) => i.kind)).toEqual(['deadlock']);
    expect(report.summary).toMatchObject({ incidents: 1, byKind: { deadlock: 1 }, bySeverity: { critical: 1 }, byNode: { NODE1: 1 }, recordsRead: 227_095 });
  });
});
