/**
 * Lists the engine sorts by name are in code-unit order, the same on every machine: `localeCompare` would
 * put `alpha` before `Beta` (and depend on the ICU data), code units put `Beta` first.
 */
import { describe, expect, it } from 'vitest';
import { exportOf, log, runEngine } from '../../test/helpers/events.js';
import { zoneConflicts } from './align.js';

describe('code-unit order', () => {
  it('of collateral', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.res('2024-01-01 09:58:00.000', 'Generic Service', 'alpha svc', 'IsAlive ok', { pid: 0x40, tid: 1 }),
      n1.res('2024-01-01 09:58:00.000', 'Generic Service', 'Beta svc', 'IsAlive ok', { pid: 0x40, tid: 2 }),
      n1.callTimeout('2024-01-01 10:00:00.000', 'App', 'ISALIVE', { pid: 0x40 }),
      n1.deadlockHandling('2024-01-01 10:00:00.000', 'App', true, { pid: 0x40 }),
    ];
    expect(runEngine([n1], events).incidents[0]!.collateral).toEqual(['Beta svc', 'alpha svc']);
  });

  it('of clock-skew diagnostics', () => {
    const a1 = log('a1_cluster.log', 'a1');
    const b2 = log('B2_cluster.log', 'B2');
    const x3 = log('X3_cluster.log', 'X3');
    const events = [
      // X3's clock runs 4 minutes ahead: it logs both removals late.
      a1.newView('2024-01-01 10:00:05.000', 1, [2]),
      x3.newView('2024-01-01 10:04:05.000', 3, [2]),
      b2.newView('2024-01-01 12:00:05.000', 4, [5]),
      x3.newView('2024-01-01 12:04:05.000', 3, [5]),
    ];
    const skews = runEngine([a1, b2, x3], events).diagnostics.filter((d) => d.code === 'clock-skew');
    expect(skews.map((d) => d.message.split(' ')[0] + ' after ' + /after (\S+)/.exec(d.message)?.[1])).toEqual(['X3 after B2', 'X3 after a1']);
  });

  it('of zone conflicts', () => {
    const pair = (logFile: string, exportFile: string, node: string) => {
      const l = log(logFile, node);
      const x = exportOf(exportFile, node, 0);
      return [
        l.record('2024-01-01 10:00:00.000', 1230, `Cluster resource 'R' on ${node} did not respond.`),
        l.record('2024-01-01 10:00:30.000', 1146, `RHS on ${node} was terminated.`),
        x.record('2024-01-01 11:00:00', 1230, `Cluster resource 'R' on ${node} did not respond.`),
        x.record('2024-01-01 11:00:30', 1146, `RHS on ${node} was terminated.`),
      ];
    };
    const events = [...pair('N1_cluster.log', 'alpha.csv', 'N1'), ...pair('A1_cluster.log', 'Beta.csv', 'A1')];
    const zones = new Map([
      ['N1_cluster.log', { basis: 'utc' as const, offsetMinutes: 0, how: 'test' }],
      ['alpha.csv', { basis: 'local' as const, offsetMinutes: 0, how: 'test' }],
      ['A1_cluster.log', { basis: 'utc' as const, offsetMinutes: 0, how: 'test' }],
      ['Beta.csv', { basis: 'local' as const, offsetMinutes: 0, how: 'test' }],
    ]);
    expect(zoneConflicts(events, zones).map((d) => d.file)).toEqual(['Beta.csv', 'alpha.csv']);
  });
});
