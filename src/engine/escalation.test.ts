import { describe, expect, it } from 'vitest';
import { exportOf, log, runEngine } from '../../test/helpers/events.js';

describe('escalation', () => {
  it('counts restarts within RestartPeriod against RestartThreshold (Physical Disk: 1)', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.row('Resources', { Name: 'Disk Q', ResourceType: 'Physical Disk' }),
      n1.healthFailed('2024-01-01 10:00:00.000', 'Disk Q', 'IsAlive'),
      n1.transition('2024-01-01 10:00:00.100', 'Disk Q', 'Online', 'ProcessingFailure'),
      n1.transition('2024-01-01 10:00:00.600', 'Disk Q', 'ProcessingFailure', 'DelayRestartingResource'),
      n1.transition('2024-01-01 10:00:01.100', 'Disk Q', 'DelayRestartingResource', 'OnlineCallIssued'),
      n1.transition('2024-01-01 10:00:02.000', 'Disk Q', 'OnlineCallIssued', 'Online'),
    ];
    const [incident] = runEngine([n1], events).incidents;
    expect(incident!.escalation).toEqual([expect.stringMatching(/^Restart threshold reached: 1 restart of 'Disk Q'.*RestartThreshold 1, default for Physical Disk/)]);
    expect(incident!.severity).toBe('critical');
  });

  it('reports the failover threshold of the role (1254)', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.healthFailed('2024-01-01 10:00:00.000', 'App', 'IsAlive'),
      sys.record('2024-01-01 10:00:00', 1069, "Cluster resource 'App' in clustered role 'Role1' failed.", { resource: 'App', group: 'Role1' }),
      sys.record('2024-01-01 10:00:05', 1254, "Clustered role 'Role1' has exceeded its failover threshold.", { group: 'Role1' }),
    ];
    const [incident] = runEngine([n1, sys], events).incidents;
    expect(incident!.escalation).toEqual([expect.stringMatching(/^Failover threshold reached: role 'Role1'.*event 1254/)]);
    expect(incident!.outcome).toBe('left-failed');
  });

  it('uses a custom DeadlockTimeout for the start of the call and the 0x9E deadline', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.row('Resources', { Name: 'Slow App', ResourceType: 'Generic Service', DeadlockTimeout: '60000' }),
      n1.callTimeout('2024-01-01 10:00:00.000', 'Slow App', 'ONLINERESOURCE', { pid: 0x99 }),
    ];
    const [incident] = runEngine([n1], events).incidents;
    expect(incident).toMatchObject({ timeoutMs: 60_000, startedAt: '2024-01-01T09:59:00.000Z', startedFrom: 'detection-minus-timeout' });
    expect(incident!.escalation).toEqual([expect.stringMatching(/rhs\.exe PID 153 \(0x99\).*0x9E at 2024-01-01 10:04:00\.000Z \(4 × DeadlockTimeout of 60 s/)]);
    expect(incident!.recommendations).toEqual(expect.arrayContaining([expect.stringMatching(/0x9E deadline/)]));
  });

  it('takes the start from the RCM issuing line and computes the overrun', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.issuing('2024-01-01 09:54:59.000', 'Disk Q', 'Online'),
      n1.callTimeout('2024-01-01 10:00:00.000', 'Disk Q', 'ONLINERESOURCE', { pid: 0x99 }),
      n1.record('2024-01-01 10:00:01.000', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
    ];
    const [incident] = runEngine([n1], events).incidents;
    expect(incident).toMatchObject({ startedFrom: 'rcm-issuing-call', startedAt: '2024-01-01T09:54:59.000Z', overrunMs: 1_000, escalation: [] });
  });

  it('flags a deadlock repeated although the resource already runs in a separate monitor', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.callTimeout('2024-01-01 10:00:00.000', 'FSW', 'ISALIVE', { pid: 0x40 }),
      n1.crashed('2024-01-01 10:00:00.010', 'FSW'),
      n1.record('2024-01-01 10:00:01.000', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
      n1.callTimeout('2024-01-01 11:00:00.000', 'FSW', 'ISALIVE', { pid: 0x77 }),
      n1.record('2024-01-01 11:00:01.000', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
    ];
    const result = runEngine([n1], events);
    expect(result.incidents.map((i) => i.escalation)).toEqual([
      [],
      [expect.stringMatching(/^Repeated deadlock: 'FSW' deadlocked again at 2024-01-01 11:00:00\.000Z .*since the deadlock at 2024-01-01 10:00:00\.000Z/)],
    ]);
  });
});
