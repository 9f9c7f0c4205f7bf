/** Collateral (what went down with the culprit) and outcome (how the incident ended). */
import { describe, expect, it } from 'vitest';
import { exportOf, log, runEngine, type Source } from '../../test/helpers/events.js';

const RHS = 0x40;
const T0 = '2024-01-01 10:00:00.000';

/** A resource hung in a shared RHS with two others; `terminating` says whether RHS is torn down. */
function hang(n1: Source, terminating: boolean) {
  return [
    n1.res('2024-01-01 09:58:00.000', 'Physical Disk', 'Disk A', 'IsAlive ok', { pid: RHS, tid: 1 }),
    n1.res('2024-01-01 09:58:00.000', 'Physical Disk', 'Disk B', 'IsAlive ok', { pid: RHS, tid: 2 }),
    n1.res('2024-01-01 09:58:00.000', 'Physical Disk', 'Disk C', 'IsAlive ok', { pid: 0x80, tid: 3 }),
    n1.callTimeout(T0, 'App', 'ISALIVE', { pid: RHS }),
    n1.deadlockHandling(T0, 'App', terminating, { pid: RHS }),
  ];
}

describe('collateral', () => {
  it('lists every resource the terminated shared RHS hosted (by PID), and only those', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const [incident] = runEngine([n1], hang(n1, true)).incidents;
    expect(incident!.collateral).toEqual(['Disk A', 'Disk B']);
    expect(incident!.severity).toBe('critical');
  });

  it("prefers RCM's own list of the resources it restarted over PIDs", () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [...hang(n1, true), n1.monitorRestart('2024-01-01 10:00:01.000', 'Disk A'), n1.reattach('2024-01-01 10:00:01.000', 'Disk A', 'Online')];
    const [incident] = runEngine([n1], events).incidents;
    expect(incident!.collateral).toEqual(['Disk A']);
  });

  it('treats the failure notification of a co-hosted resource as collateral', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [...hang(n1, true), n1.monitorReply('2024-01-01 10:00:01.000', 'Disk B', 'FAILURENOTIFICATION', 4)];
    const result = runEngine([n1], events);
    expect(result.incidents.map((i) => [i.kind, i.resource])).toEqual([['deadlock', 'App']]);
  });

  it('reports a crash (WER, no timeout) that RCM calls "crashed or deadlocked" as an RHS failure of that resource', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.event('rhs.wer-report', '2024-01-01 10:00:00.000', 'WER report is submitted. Result : WerReportQueued.', { result: 'WerReportQueued' }, { pid: RHS, component: 'RHS' }),
      n1.monitorReply('2024-01-01 10:00:00.400', 'Repl', 'FAILURENOTIFICATION', 4),
      n1.crashed('2024-01-01 10:00:00.400', 'Repl'),
      n1.monitorRestart('2024-01-01 10:00:01.000', 'Disk A'),
    ];
    const result = runEngine([n1], events);
    expect(result.incidents.map((i) => [i.kind, i.resource, i.collateral])).toEqual([['rhs-failure', 'Repl', ['Disk A']]]);

    // The Application log's crash report of rhs.exe (an export without a node name) is the same failure.
    const app = exportOf('Application.txt', 'Application.txt', 0);
    const crash = app.record('2024-01-01 09:59:59', 1000, 'Faulting application name: rhs.exe, version: 10.0. Faulting module name: repl.dll', {}, {
      provider: 'Application Error',
    });
    const withApp = runEngine([n1, app], [...events, crash], { inputs: [n1.input(), { ...app.input(), nodeFrom: 'file name (fallback)' }] });
    expect(withApp.incidents.map((i) => [i.kind, i.node, i.detectedAt, i.timeline.length])).toEqual([
      ['rhs-failure', 'N1', '2024-01-01T10:00:00.000Z', events.length + 1],
    ]);
  });

  it('without RHS termination, lists only resources seen restarting or failing right after', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      ...hang(n1, false),
      n1.transition('2024-01-01 10:00:02.000', 'Disk B', 'Online', 'ProcessingFailure'),
      n1.transition('2024-01-01 10:00:02.000', 'Disk C', 'Online', 'ProcessingFailure'), // another RHS: its own failure
    ];
    const result = runEngine([n1], events);
    expect(result.incidents.map((i) => [i.kind, i.resource, i.collateral])).toEqual([
      ['deadlock', 'App', ['Disk B']],
      ['health-check-failure', 'Disk C', []],
    ]);
  });

  it('recommends a separate monitor when collateral was hit and the rules did not', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const [incident] = runEngine([n1], hang(n1, true)).incidents;
    expect(incident!.recommendations).toEqual(expect.arrayContaining([expect.stringMatching(/^Run 'App' in a separate resource monitor.*\(Disk A, Disk B\)/)]));
  });
});

describe('outcome', () => {
  it('follows the group to another node: failed over', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.healthFailed(T0, 'SQL AG', 'IsAlive'),
      sys.record('2024-01-01 10:00:00', 1069, "Cluster resource 'SQL AG' in clustered role 'AG1' failed.", { resource: 'SQL AG', group: 'AG1' }),
      n1.transition('2024-01-01 10:00:00.100', 'SQL AG', 'Online', 'ProcessingFailure'),
      n1.transition('2024-01-01 10:00:01.000', 'SQL AG', 'ProcessingFailure', 'Failed'),
      n2.transition('2024-01-01 10:00:20.000', 'SQL AG', 'OnlinePending', 'Online'),
    ];
    const [incident] = runEngine([n1, n2, sys], events).incidents;
    expect(incident).toMatchObject({ kind: 'health-check-failure', group: 'AG1', outcome: 'failed-over', failedOverTo: 'N2' });
    expect(incident!.timeline.map((t) => t.source.file)).toContain('N2_cluster.log');
  });

  it('restarted in place, and recovered without a restart', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const restarted = [
      n1.healthFailed(T0, 'App', 'IsAlive'),
      n1.transition('2024-01-01 10:00:00.100', 'App', 'Online', 'ProcessingFailure'),
      n1.transition('2024-01-01 10:00:01.000', 'App', 'ProcessingFailure', 'DelayRestartingResource'),
      n1.transition('2024-01-01 10:00:02.000', 'App', 'DelayRestartingResource', 'OnlineCallIssued'),
      n1.transition('2024-01-01 10:00:03.000', 'App', 'OnlineCallIssued', 'Online'),
    ];
    const [a] = runEngine([n1], restarted).incidents;
    expect(a).toMatchObject({ outcome: 'restarted-in-place', severity: 'warning' });

    const n2 = log('N2_cluster.log', 'N2');
    const reattached = [n2.healthFailed(T0, 'App', 'LooksAlive'), n2.reattach('2024-01-01 10:00:05.000', 'App', 'Online')];
    expect(runEngine([n2], reattached).incidents[0]!.outcome).toBe('recovered');
  });

  it('left failed when the restarts are exhausted', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.healthFailed(T0, 'App', 'IsAlive'),
      n1.transition('2024-01-01 10:00:00.100', 'App', 'Online', 'ProcessingFailure'),
      n1.transition('2024-01-01 10:00:01.000', 'App', 'ProcessingFailure', 'Failed'),
      sys.record('2024-01-01 10:00:01', 1638, "Cluster resource 'App' has exceeded the maximum number of consecutive failures.", { resource: 'App' }),
    ];
    const [incident] = runEngine([n1, sys], events).incidents;
    expect(incident).toMatchObject({ outcome: 'left-failed', severity: 'critical' });
    expect(incident!.escalation).toEqual([expect.stringMatching(/^Restart threshold reached: 'App'.*event 1638/)]);
  });

  it('node bugchecked with 0x9E after an RHS that never exited', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.callTimeout(T0, 'Disk Q', 'ONLINERESOURCE', { pid: RHS }),
      sys.record('2024-01-01 10:25:00', 1001, 'The computer has rebooted from a bugcheck. The bugcheck was: 0x0000009e (0xffffe001, 0x4b0, 0x65, 0x0).', { bugcheck: '0x0000009e (0xffffe001, 0x4b0, 0x65, 0x0)' }, {
        provider: 'Microsoft-Windows-WER-SystemErrorReporting',
      }),
    ];
    const result = runEngine([n1, sys], events);
    expect(result.incidents.map((i) => [i.kind, i.outcome])).toEqual([['deadlock', 'node-bugchecked']]);
    expect(result.incidents[0]!.escalation).toEqual([]);
  });

  it('cluster service stopped after a quorum loss', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [n1.quorumLost(T0), n1.stopping('2024-01-01 10:00:00.100'), n1.serviceTerminated('2024-01-01 10:00:00.200')];
    const result = runEngine([n1], events);
    expect(result.incidents.map((i) => [i.kind, i.outcome, i.outcomeDetail])).toEqual([
      ['quorum-loss', 'cluster-service-stopped', 'the cluster service stopped on N1'],
    ]);
  });

  it('node-down: groups moved away from the removed node', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [n1.newView(T0, 1, [2]), n1.groupMove('2024-01-01 10:00:01.000', 'SQL Role', 'N2', 'N1', 'NodeDown')];
    const [incident] = runEngine([n1], events).incidents;
    expect(incident).toMatchObject({ kind: 'node-down', outcome: 'failed-over', failedOverTo: 'N1' });
  });
});
