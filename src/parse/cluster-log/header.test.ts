import { describe, expect, it } from 'vitest';
import { emptyHeaderFacts, isEventChannel, parseOffset, readHeaderLine, sectionOf, timeBasis } from './header.js';

describe('parseOffset (minutes to add to local time to get UTC)', () => {
  it.each([
    ['420 minutes, or 7 hours', 420],
    ['-60 minutes, or -1 hours', -60],
    ['-330 minutes, or -5.5 hours', -330],
    ['0 minutes, or 0 hours', 0],
    ['7 hours', 420],
    ['-5.5 hours', -330],
    ['300', 300],
    ['-2', -120],
    ['UTC+02:00', -120],
    ['(UTC-05:00) Eastern Time (US & Canada)', 300],
    ['GMT-5', 300],
    ['GMT', 0],
    ['+05:00', 300],
    ['-01:30', -90],
  ])('%j → %d', (text, minutes) => {
    expect(parseOffset(text)).toBe(minutes);
  });

  it('unreadable text → null', () => {
    expect(parseOffset('unknown')).toBeNull();
    expect(parseOffset('')).toBeNull();
  });
});

describe('readHeaderLine', () => {
  it('reads build, offset, time basis and current node', () => {
    const f = emptyHeaderFacts();
    for (const line of [
      'UTC= localtime + time zone offset; with daylight savings, the time zone offset of this machine is 240 minutes, or 4 hours',
      'The logs were generated using local time',
      'Current node: name (SQLN2) id (2)',
      'Build Number 20348',
      'some other line',
    ]) {
      readHeaderLine(line, f);
    }
    expect(f).toEqual({ buildNumber: '20348', utcOffsetMinutes: 240, localTime: true, currentNode: 'SQLN2', currentNodeId: 2 });
  });

  it('the practitioner wording and GMT/UTC basis', () => {
    const f = emptyHeaderFacts();
    readHeaderLine('UTC = localtime + time zone offset;the time zone offset of this machine is -120 minutes', f);
    readHeaderLine('The logs were generated using Coordinated Universal Time (UTC).', f);
    expect(f.utcOffsetMinutes).toBe(-120);
    expect(f.localTime).toBe(false);
    const g = emptyHeaderFacts();
    readHeaderLine('The logs were generated using GMT', g);
    expect(g.localTime).toBe(false);
  });
});

describe('time basis of `The logs were generated using ...`', () => {
  it.each([
    ['local time', 'local'],
    ['local time.', 'local'],
    ['Local Time', 'local'],
    ['UTC', 'utc'],
    ['GMT', 'utc'],
    ['GMT time', 'utc'],
    ['Coordinated Universal Time (UTC).', 'utc'],
    // The 2016+ default wording names the -UseLocalTime option after the basis: still UTC.
    ["Coordinated Universal Time (UTC). 'Get-ClusterLog -UseLocalTime' will generate in local time.", 'utc'],
    ["UTC. 'Get-ClusterLog -UseLocalTime' will generate in local time.", 'utc'],
    ["GMT; use 'Get-ClusterLog -UseLocalTime' for local time", 'utc'],
    ['Greenwich Mean Time', 'utc'],
    ['Universal Time', 'utc'],
    ['UTC rather than local time', 'utc'],
    ['local time (UTC+02:00 W. Europe Standard Time)', 'local'],
    ['something else', null],
  ] as const)('%j → %s', (text, basis) => {
    expect(timeBasis(text)).toBe(basis);
  });

  it('a UTC header line with the -UseLocalTime hint keeps the log in UTC', () => {
    const f = emptyHeaderFacts();
    readHeaderLine("The logs were generated using Coordinated Universal Time (UTC). 'Get-ClusterLog -UseLocalTime' will generate in local time.", f);
    expect(f.localTime).toBe(false);
    const g = emptyHeaderFacts();
    readHeaderLine('The logs were generated using local time', g);
    expect(g.localTime).toBe(true);
  });

  it('an unreadable basis leaves the fact unstated', () => {
    const f = emptyHeaderFacts();
    readHeaderLine('The logs were generated using an unknown clock', f);
    expect(f.localTime).toBeNull();
  });
});

describe('sections', () => {
  it.each([
    ['[=== Cluster ===]', 'cluster'],
    ['[=== Resources ===]', 'table'],
    ['[=== Resource Types ===]', 'table'],
    ['[=== Network Interfaces ===]', 'table'],
    ['[=== SBL Disks ===]', 'table'],
    ['[=== System ===]', 'eventlog'],
    ['[=== Microsoft-Windows-FailoverClustering/Operational logs ===]', 'eventlog'],
    ['[=== Microsoft-Windows-ClusterAwareUpdating/Admin logs ===]', 'eventlog'],
    ['[=== Microsoft-Windows-FailoverClustering/DiagnosticVerbose ===]', 'records'],
    ['[=== Cluster Logs ===]', 'records'],
    ['[=== Performance ===]', 'unknown'],
    ['[===Groups===]', 'table'],
  ])('%s → %s', (line, kind) => {
    expect(sectionOf(line)?.kind).toBe(kind);
  });

  it('names keep their inner spaces; blanks around them do not matter', () => {
    expect(sectionOf('  [===   Resource Types   ===]  ')).toEqual({ name: 'Resource Types', kind: 'table' });
    expect(sectionOf('[======]')).toEqual({ name: '', kind: 'unknown' });
    expect(sectionOf('[===]')).toBeNull();
    expect(sectionOf('[=== System ===] trailing')).toBeNull();
  });

  it('long runs of blanks are read in linear time', () => {
    const run = ' '.repeat(100 * 1024);
    const started = performance.now();
    expect(sectionOf(`[===${run}x`)).toBeNull();
    expect(sectionOf(`[=== ${'\u3000'.repeat(100 * 1024)}-===]x`)).toBeNull();
    expect(sectionOf(`[===${run}System${run}===]`)).toEqual({ name: 'System', kind: 'eventlog' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('ordinary lines are not markers', () => {
    expect(sectionOf('[System] 00000844.00001278::2017/10/23-21:01:11.623 ERR x')).toBeNull();
    expect(sectionOf('00000844.00001278::2017/10/23-21:01:11.623 INFO [RCM] [=== x ===]')).toBeNull();
  });

  it('event channels vs diagnostic channels', () => {
    expect(isEventChannel('System')).toBe(true);
    expect(isEventChannel('Operational')).toBe(true);
    expect(isEventChannel('Microsoft-Windows-FailoverClustering/Operational')).toBe(true);
    expect(isEventChannel('Verbose')).toBe(false);
    expect(isEventChannel('Microsoft-Windows-FailoverClustering/Diagnostic')).toBe(false);
  });
});
