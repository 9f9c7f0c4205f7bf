import { describe, expect, it } from 'vitest';
import { exportOf, fakeRules, log, runEngine } from '../../test/helpers/events.js';

describe('time alignment of local-time exports', () => {
  it('infers a quarter-hour offset from a membership change seen in both inputs', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1.contoso.com', null);
    const events = [
      n1.newView('2024-05-10 08:30:12.400', 1, [2]),
      n1.quorumLost('2024-05-10 08:30:14.100'),
      // India Standard Time: local = UTC + 05:30.
      sys.record('2024-05-10 14:00:13', 1135, "Cluster node 'N2' was removed from the active failover cluster membership.", { node: 'N2' }),
      sys.record('2024-05-10 14:00:14', 1177, 'The Cluster service is shutting down because quorum was lost.'),
    ];
    const result = runEngine([n1, sys], events);
    const zone = result.zones.get('N1-System.csv')!;
    expect(zone).toMatchObject({ basis: 'local', offsetMinutes: -330 });
    // The offset is in offsetMinutes (and printed beside `how` by the reports): `how` does not repeat it.
    expect(zone.how).toBe('inferred from 2 matches (1135 ↔ new view with downers, 1177 ↔ lost quorum)');
    const e1135 = result.timeline.find((e) => e.type === 'eventlog.record' && e.eventId === 1135)!;
    expect(e1135.utcMs).toBe(Date.UTC(2024, 4, 10, 8, 30, 13));
  });

  it('prefers records of the same node when the export names a node that has a log', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const sys = exportOf('N2-System.csv', 'N2', null);
    const events = [
      // N1's failure happens exactly one hour before N2's: only N2's may explain N2's export.
      n1.callTimeout('2024-05-10 07:00:00.100', 'SQL Net', 'ISALIVE', { pid: 0x10 }),
      n2.callTimeout('2024-05-10 08:00:00.100', 'SQL Net', 'ISALIVE', { pid: 0x20 }),
      sys.record('2024-05-10 10:00:00', 1230, "Cluster resource 'SQL Net' did not respond.", { resource: 'SQL Net' }),
    ];
    const result = runEngine([n1, n2, sys], events);
    expect(result.zones.get('N2-System.csv')).toMatchObject({ basis: 'local', offsetMinutes: -120 });
  });

  it('pairs any catalogued event with an RHS or RCM record about the same resource', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', null);
    const events = [
      n1.event('rhs.call-failed', '2024-05-10 08:00:03.200', 'Online for resource SQL Net failed.', { resource: 'SQL Net', entryPoint: 'Online', errorCode: 5 }, { level: 'ERR', component: 'RHS' }),
      sys.record('2024-05-10 03:00:02', 1194, "Cluster network name resource 'SQL Net' failed to create its associated computer object in domain.", { resource: 'SQL Net' }),
    ];
    const result = runEngine([n1, sys], events);
    expect(result.zones.get('N1-System.csv')).toMatchObject({ basis: 'local', offsetMinutes: 300 });
    expect(result.zones.get('N1-System.csv')!.how).toMatch(/1194 ↔ rhs\.call-failed of the same resource/);
    expect(result.incidents.map((i) => [i.kind, i.resource, i.timeline.length])).toEqual([['online-failure', 'SQL Net', 2]]);
  });

  it('does not match records about another resource', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', null);
    const events = [
      n1.callTimeout('2024-05-10 08:00:00.100', 'Disk Q', 'ONLINERESOURCE'),
      sys.record('2024-05-10 10:00:00', 1230, "Cluster resource 'SQL Net' did not respond.", { resource: 'SQL Net' }),
    ];
    const result = runEngine([n1, sys], events);
    expect(result.zones.get('N1-System.csv')).toMatchObject({ basis: 'unknown', offsetMinutes: null });
  });

  it('leaves times unknown and says so when nothing matches', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', null);
    const events = [
      n1.quorumLost('2024-05-10 08:00:00.000'),
      sys.record('2024-05-10 10:17:40', 1177, 'The Cluster service is shutting down because quorum was lost.'),
    ];
    const result = runEngine([n1, sys], events);
    expect(result.zones.get('N1-System.csv')!.basis).toBe('unknown');
    expect(result.zones.get('N1-System.csv')!.how).toMatch(/no record matched/);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'zone-unknown', file: 'N1-System.csv' }));
    expect(result.timeline.find((e) => e.source.file === 'N1-System.csv')!.utcMs).toBeNull();
  });

  it('says why an export of routine events only cannot be placed', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', null);
    const events = [
      n1.quorumLost('2024-05-10 08:00:00.000'),
      sys.record('2024-05-10 10:17:40', 7036, 'The Windows Update service entered the running state.', {}, { provider: 'Service Control Manager', level: 'INFO' }),
    ];
    const result = runEngine([n1, sys], events, { rules: fakeRules(() => false) });
    expect(result.zones.get('N1-System.csv')).toMatchObject({ basis: 'unknown', offsetMinutes: null });
    expect(result.zones.get('N1-System.csv')!.how).toMatch(/none of its records concerns a cluster failure/);
  });

  it('refuses an ambiguous offset', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', null);
    const events = [
      n1.quorumLost('2024-05-10 08:00:00.000'),
      n1.quorumLost('2024-05-10 09:00:00.000'),
      sys.record('2024-05-10 10:00:00', 1177, 'The Cluster service is shutting down because quorum was lost.'),
    ];
    const result = runEngine([n1, sys], events);
    expect(result.zones.get('N1-System.csv')!.basis).toBe('unknown');
  });

  it('keeps a stated zone, and reports a disagreement when --event-tz was given', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', -60); // --event-tz +01:00
    const events = [
      n1.callTimeout('2024-05-10 08:00:00.100', 'SQL Net', 'ISALIVE'),
      n1.deadlockHandling('2024-05-10 08:00:00.100', 'SQL Net', true),
      sys.record('2024-05-10 10:00:00', 1230, "Cluster resource 'SQL Net' did not respond.", { resource: 'SQL Net' }),
      sys.record('2024-05-10 10:00:01', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
    ];
    const stated = runEngine([n1, sys], events, { eventTzGiven: true });
    expect(stated.zones.get('N1-System.csv')).toMatchObject({ basis: 'local', offsetMinutes: -60 });
    expect(stated.diagnostics).toContainEqual(expect.objectContaining({ code: 'zone-mismatch', file: 'N1-System.csv' }));
    const headerZone = runEngine([n1, sys], events, { eventTzGiven: false });
    expect(headerZone.diagnostics.filter((d) => d.code === 'zone-mismatch')).toEqual([]);
  });

  it('reports two inputs whose stated zones disagree on the same events, without moving them', () => {
    const n1 = log('N1_cluster.log', 'N1', { offsetMinutes: -60 }); // a header read as local time
    const sys = exportOf('N1-System.xml', 'N1', 0); // XML SystemTime: UTC
    const events = [
      n1.record('2024-05-10 09:12:17.615', 1230, "Cluster resource 'Disk 2' did not respond.", { resource: 'Disk 2' }),
      n1.record('2024-05-10 09:03:04.624', 5120, "Cluster Shared Volume 'Volume1' has entered a paused state."),
      sys.record('2024-05-10 09:12:17.615', 1230, "Cluster resource 'Disk 2' did not respond.", { resource: 'Disk 2' }),
      sys.record('2024-05-10 09:03:04.624', 5120, "Cluster Shared Volume 'Volume1' has entered a paused state."),
    ];
    const result = runEngine([n1, sys], events);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'zone-conflict', message: expect.stringMatching(/^N1_cluster\.log has 2 events also in N1-System\.xml \(1230, 5120\) 01:00 earlier: one of them has a wrong time zone/) }),
    ]);
    expect(result.zones.get('N1_cluster.log')!.offsetMinutes).toBe(-60);
  });
});
