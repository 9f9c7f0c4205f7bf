/** One real failure is one incident, however many sources report it; symptoms never make a second one. */
import { describe, expect, it } from 'vitest';
import { exportOf, log, runEngine } from '../../test/helpers/events.js';

const kinds = (r: ReturnType<typeof runEngine>) => r.incidents.map((i) => `${i.kind}:${i.resource ?? i.node ?? '-'}`);

describe('merging reports of one failure', () => {
  it('merges DeadlockMonitor, RCM, 1230, 1146, 1069 and the failure notification of one hang', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.callTimeout('2024-01-01 10:00:00.000', 'FS Witness', 'ISALIVE', { pid: 0x40 }),
      n1.deadlockHandling('2024-01-01 10:00:00.000', 'FS Witness', true, { pid: 0x40 }),
      n1.monitorReply('2024-01-01 10:00:00.010', 'FS Witness', 'FAILURENOTIFICATION', 4),
      n1.crashed('2024-01-01 10:00:00.010', 'FS Witness'),
      n1.transition('2024-01-01 10:00:00.020', 'FS Witness', 'Online', 'ProcessingFailure'),
      n1.healthFailed('2024-01-01 10:00:30.000', 'FS Witness', 'IsAlive', { pid: 0x50 }),
      sys.record('2024-01-01 10:00:00', 1230, "Cluster resource 'FS Witness' did not respond.", { resource: 'FS Witness' }),
      sys.record('2024-01-01 10:00:01', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
      sys.record('2024-01-01 10:00:02', 1069, "Cluster resource 'FS Witness' failed.", { resource: 'FS Witness', group: 'Cluster Group' }),
    ];
    const result = runEngine([n1, sys], events);
    expect(kinds(result)).toEqual(['deadlock:FS Witness']);
    expect(result.incidents[0]!.timeline).toHaveLength(events.length);
  });

  it('keeps two hangs of one resource far apart as two incidents', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.callTimeout('2024-01-01 10:00:00.000', 'Disk Q', 'ONLINERESOURCE'),
      n1.callTimeout('2024-01-01 10:20:00.000', 'Disk Q', 'ONLINERESOURCE'),
    ];
    expect(kinds(runEngine([n1], events))).toEqual(['deadlock:Disk Q', 'deadlock:Disk Q']);
  });

  it('keeps the same resource failing on two nodes as two incidents when it ran in between', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const events = [
      n1.healthFailed('2024-01-01 10:00:00.000', 'SQL AG', 'IsAlive'),
      n2.transition('2024-01-01 10:00:10.000', 'SQL AG', 'OnlinePending', 'Online'),
      n2.healthFailed('2024-01-01 10:00:20.000', 'SQL AG', 'IsAlive'),
    ];
    const result = runEngine([n1, n2], events);
    expect(result.incidents.map((i) => [i.node, i.outcome, i.failedOverTo])).toEqual([
      ['N1', 'failed-over', 'N2'],
      ['N2', 'unknown', null],
    ]);
  });

  it('makes one incident of a retry loop that never brings the resource back, across nodes', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const sys = exportOf('N2-System.evtx', 'N2', 0);
    const attempt = (src: typeof n1, start: string, fail: string) => [
      src.issuing(start, 'VM Config', 'Online'),
      src.transition(start, 'VM Config', 'OnlineCallIssued', 'OnlinePending'),
      src.transition(fail, 'VM Config', 'OnlinePending', 'ProcessingFailure'),
      src.transition(fail, 'VM Config', 'ProcessingFailure', 'DelayRestartingResource'),
    ];
    const events = [
      ...attempt(n1, '2024-01-01 10:00:00.000', '2024-01-01 10:03:00.000'),
      ...attempt(n1, '2024-01-01 10:03:01.000', '2024-01-01 10:06:01.000'),
      n1.groupMove('2024-01-01 10:06:02.000', 'VM01', 'N1', 'N2', 'Failover'),
      ...attempt(n2, '2024-01-01 10:06:03.000', '2024-01-01 10:09:03.000'),
      n2.transition('2024-01-01 10:09:03.500', 'VM Config', 'DelayRestartingResource', 'Failed'),
      sys.record('2024-01-01 10:09:04', 1254, "Clustered role 'VM01' has exceeded its failover threshold.", { group: 'VM01' }),
    ];
    const result = runEngine([n1, n2, sys], [n1.row('Resources', { Name: 'VM Config', OwnerGroup: 'VM01' }), ...events]);
    expect(kinds(result)).toEqual(['online-failure:VM Config']);
    const [incident] = result.incidents;
    expect(incident).toMatchObject({ node: 'N1', detectedAt: '2024-01-01T10:03:00.000Z', outcome: 'left-failed', failedOverTo: null });
    expect(incident!.escalation).toEqual(expect.arrayContaining([expect.stringMatching(/^Failover threshold reached: role 'VM01'/)]));
    expect(new Set(incident!.timeline.map((t) => t.node))).toEqual(new Set(['N1', 'N2']));
  });

  it('merges one node removal seen from two nodes and in the System log', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n3 = log('N3_cluster.log', 'N3');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.routeDown('2024-01-01 10:00:00.000', 'net.missed-heartbeats'),
      n1.routeDown('2024-01-01 10:00:04.000', 'net.route-down'),
      n1.connectionBroken('2024-01-01 10:00:04.100', 1, 2),
      n1.newView('2024-01-01 10:00:05.000', 1, [2]),
      n3.newView('2024-01-01 10:00:05.300', 3, [2]),
      n3.connectionBroken('2024-01-01 10:00:05.200', 3, 2),
      sys.record('2024-01-01 10:00:05', 1135, "Cluster node 'N2' was removed from the active failover cluster membership.", { node: 'N2' }),
    ];
    const result = runEngine([n1, n3, sys], events);
    expect(kinds(result)).toEqual(['node-down:N2']);
    expect(result.incidents[0]!.title).toBe('Node N2 was removed from cluster membership');
    expect(result.incidents[0]!.startedFrom).toBe('first-symptom');
    expect(result.incidents[0]!.startedAt).toBe('2024-01-01T10:00:00.000Z');
  });

  it('merges the report of a node whose clock runs minutes ahead, but not a second removal seen by one node', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n3 = log('N3_cluster.log', 'N3');
    const skewed = [
      n1.newView('2024-01-01 10:00:05.000', 1, [2]),
      n1.connectionBroken('2024-01-01 10:00:04.100', 1, 2),
      // N3's clock is 4 minutes ahead.
      n3.connectionBroken('2024-01-01 10:04:04.200', 3, 2),
      n3.newView('2024-01-01 10:04:05.300', 3, [2]),
    ];
    const merged = runEngine([n1, n3], skewed);
    expect(kinds(merged)).toEqual(['node-down:-']);
    expect(merged.diagnostics.map((d) => d.code)).toEqual(['clock-skew']);

    const n4 = log('N4_cluster.log', 'N4');
    const twice = [n4.newView('2024-01-01 10:00:05.000', 4, [2]), n4.newView('2024-01-01 10:04:05.000', 4, [2])];
    expect(kinds(runEngine([n4], twice))).toEqual(['node-down:-', 'node-down:-']);
  });

  it('makes a quorum loss after a node-down its own incident, and many lost-quorum lines one', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.routeDown('2024-01-01 10:00:00.000', 'net.all-routes-down'),
      n1.quorumLost('2024-01-01 10:00:00.600'),
      n1.quorumLost('2024-01-01 10:00:00.600'),
      n1.stopping('2024-01-01 10:00:00.600'),
      n1.quorumLost('2024-01-01 10:00:00.610'),
      n1.serviceTerminated('2024-01-01 10:00:00.700'),
      n1.record('2024-01-01 10:00:00.800', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
    ];
    const result = runEngine([n1], events);
    // The removed node is not named by any record: the node-down has no node.
    expect(kinds(result)).toEqual(['node-down:-', 'quorum-loss:N1']);
    const quorum = result.incidents[1]!;
    expect(quorum.outcome).toBe('cluster-service-stopped');
    expect(quorum.timeline.map((t) => t.event)).toEqual(expect.arrayContaining(['rhs.cluster-service-terminated', 'eventlog.1146']));
  });

  it('reports a 1146 with no hang nearby as an RHS failure, and a WER report with it as one incident', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.event('rhs.wer-report', '2024-01-01 10:00:00.000', 'WER report is submitted. Result : WerReportQueued.', { result: 'WerReportQueued' }, { pid: 0x40, component: 'RHS' }),
      n1.record('2024-01-01 10:00:01.000', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
    ];
    expect(kinds(runEngine([n1], events))).toEqual(['rhs-failure:N1']);
  });

  it('does not report a planned move and its DLL errors during offline (corpus 31 shape)', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.groupMove('2024-01-01 10:00:00.000', 'ag', 'N1', 'N2', 'MoveGroup'),
      n1.transition('2024-01-01 10:00:00.100', 'ag', 'Online', 'OfflineCallIssued'),
      n1.res('2024-01-01 10:00:00.200', 'SQL Server Availability Group', 'ag', '[hadrag] Offline request.', { pid: 0x30 }),
      n1.res('2024-01-01 10:00:00.300', 'SQL Server Availability Group', 'ag', '[hadrag] Lease Thread terminated', { pid: 0x30, level: 'ERR' }),
      n1.event('rhs.resource-offline', '2024-01-01 10:00:01.000', 'Resource ag has come offline.', { resource: 'ag' }, { pid: 0x30, component: 'RHS' }),
      n1.transition('2024-01-01 10:00:01.100', 'ag', 'OfflineCallIssued', 'Offline'),
    ];
    expect(runEngine([n1], events).incidents).toEqual([]);
  });

  it('reports DLL errors of a resource when the excerpt has nothing else about it (corpus 21 shape)', () => {
    const n1 = log('excerpt.log', 'excerpt.log', { nodeFrom: 'file name (fallback)' });
    const events = [
      n1.res(null, 'Network Name', 'VCO', 'Unable to Logon. winError 1326', { level: 'ERR' }),
      n1.res(null, 'Network Name', 'VCO', 'The specified network name is currently hosted by some other system', { level: 'ERR' }),
    ];
    const result = runEngine([n1], events);
    expect(kinds(result)).toEqual(['online-failure:VCO']);
    expect(result.incidents[0]!.detectedAt).toBeNull();
    expect(result.incidents[0]!.outcomeDetail).toMatch(/only by the resource DLL/);
  });

  it('attaches a DLL error to the failure of its resource from another untimed file (corpus 24 shape)', () => {
    const n1 = log('disk.log', 'disk.log', { nodeFrom: 'file name (fallback)' });
    const sys = exportOf('disk.events.txt', 'disk.events.txt', null);
    const events = [
      n1.res(null, 'Physical Disk', 'Cluster Disk 3', 'VerifyFS: Failed to open file TextDocument.txt Error: 5.', { level: 'ERR' }),
      sys.record(null, 1066, "Cluster disk resource 'Cluster Disk 3' indicates corruption for volume. Chkdsk is being run.", { resource: 'Cluster Disk 3' }),
    ];
    const result = runEngine([n1, sys], events, {
      inputs: [n1.input(), { ...sys.input(), nodeFrom: 'file name (fallback)' }],
    });
    expect(kinds(result)).toEqual(['online-failure:Cluster Disk 3']);
    expect(result.incidents[0]!.entryPoint).toBe('Online');
    expect(result.incidents[0]!.timeline).toHaveLength(2);
  });

  it('reports a resource left in OnlinePending past its PendingTimeout while the log goes on', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.issuing('2024-01-01 10:00:00.000', 'Disk R', 'Online'),
      n1.transition('2024-01-01 10:00:00.100', 'Disk R', 'OnlineCallIssued', 'OnlinePending'),
      n1.generic('2024-01-01 10:05:00.000', 'later activity'),
    ];
    const result = runEngine([n1], events);
    expect(kinds(result)).toEqual(['online-failure:Disk R']);
    expect(result.incidents[0]).toMatchObject({
      entryPoint: 'Online',
      detectedAt: '2024-01-01T10:03:00.100Z',
      startedAt: '2024-01-01T10:00:00.000Z',
      startedFrom: 'rcm-issuing-call',
      timeoutMs: 180_000,
    });
    // The same stay, with the log ending before the timeout, is not (yet) a failure.
    const short = log('N2_cluster.log', 'N2');
    const cut = [short.transition('2024-01-01 10:00:00.100', 'Disk R', 'OnlineCallIssued', 'OnlinePending'), short.generic('2024-01-01 10:01:00.000', 'x')];
    expect(runEngine([short], cut).incidents).toEqual([]);
  });

  it('reports Terminate while pending as an online failure', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.transition('2024-01-01 10:00:00.000', 'Disk R', 'OnlineCallIssued', 'OnlinePending'),
      n1.event('rhs.terminating-resource', '2024-01-01 10:03:00.000', 'Terminating resource Disk R', { resource: 'Disk R' }, { component: 'RHS', pid: 0x40 }),
      n1.transition('2024-01-01 10:03:00.100', 'Disk R', 'OnlinePending', 'ProcessingFailure'),
    ];
    const result = runEngine([n1], events);
    expect(kinds(result)).toEqual(['online-failure:Disk R']);
    expect(result.incidents[0]!.outcomeDetail).toMatch(/terminated while coming online/);
  });

  it('classifies a 1069 by what the resource was doing', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.transition('2024-01-01 10:00:00.000', 'App', 'Offline', 'OnlineCallIssued'),
      n1.transition('2024-01-01 10:00:00.100', 'App', 'OnlineCallIssued', 'OnlinePending'),
      sys.record('2024-01-01 10:00:30', 1069, "Cluster resource 'App' failed.", { resource: 'App' }),
      n1.transition('2024-01-01 11:00:00.000', 'Other', 'Offline', 'Online'),
      sys.record('2024-01-01 11:30:00', 1069, "Cluster resource 'Other' failed.", { resource: 'Other' }),
    ];
    expect(kinds(runEngine([n1, sys], events))).toEqual(['online-failure:App', 'health-check-failure:Other']);
  });

  it('merges one CSV pause reported by several nodes into one incident per volume', () => {
    const n1 = exportOf('N1-System.evtx', 'N1', 0);
    const n2 = exportOf('N2-System.evtx', 'N2', 0);
    const pause = (src: typeof n1, at: string, volume: string) =>
      src.record(at, 5120, `Cluster Shared Volume '${volume}' has entered a paused state because of 'STATUS_IO_TIMEOUT(c00000b5)'.`, { volume, resource: volume });
    const events = [
      pause(n1, '2024-01-01 10:00:00', 'Volume1'),
      pause(n2, '2024-01-01 10:00:02', 'Volume1'),
      n2.record('2024-01-01 10:00:30', 5142, "Cluster Shared Volume 'Volume1' is no longer accessible from this cluster node.", { volume: 'Volume1', resource: 'Volume1' }),
      pause(n1, '2024-01-01 10:00:03', 'Volume2'),
    ];
    expect(kinds(runEngine([n1, n2], events))).toEqual(['csv-failure:Volume1', 'csv-failure:Volume2']);
  });

  it('reports the cluster service dying without a quorum loss once, but not an orderly stop', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const crash = [
      sys.record('2024-01-01 10:00:00', 7031, 'The Cluster Service service terminated unexpectedly.', { service: 'Cluster Service' }, { provider: 'Service Control Manager' }),
      n1.serviceTerminated('2024-01-01 10:00:00.300'),
      sys.record('2024-01-01 10:00:01', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
    ];
    const result = runEngine([n1, sys], crash);
    expect(kinds(result)).toEqual(['cluster-service-failure:N1']);
    expect(result.incidents[0]!.outcome).toBe('cluster-service-stopped');

    const n2 = log('N2_cluster.log', 'N2');
    const orderly = [n2.stopping('2024-01-01 11:00:00.000'), n2.serviceTerminated('2024-01-01 11:00:00.100')];
    expect(runEngine([n2], orderly).incidents).toEqual([]);
    // Another service stopping is not a cluster failure.
    const other = [sys.record('2024-01-01 12:00:00', 7031, 'The Print Spooler service terminated unexpectedly.', { service: 'Print Spooler' }, { provider: 'Service Control Manager' })];
    expect(runEngine([sys], other).incidents).toEqual([]);
  });

  it('merges a ResourceTypeControl hang reported per resource type (DeadlockMonitor, handling line, 1265)', () => {
    const n2 = log('N2_cluster.log', 'N2');
    const sys = exportOf('N2-System.txt', 'N2', 0);
    const events = [
      n2.event(
        'rhs.call-timeout',
        '2024-01-01 10:00:00.000',
        "RhsCall::DeadlockMonitor: Call RESOURCETYPECONTROL timed out for resource type 'Network Name'.",
        { resource: null, resourceType: 'Network Name', entryPoint: 'ResourceTypeControl', call: 'RESOURCETYPECONTROL', overrunMs: null },
        { level: 'ERR', component: 'RHS', pid: 0x40 },
      ),
      // `Resource type Network Name handling deadlock ...`: the type form carries the type in `resourceType`.
      n2.event(
        'rhs.deadlock-handling',
        '2024-01-01 10:00:00.001',
        'Resource type Network Name handling deadlock. Cleaning current operation and terminating RHS process.',
        { resource: 'Network Name', resourceType: 'Network Name', terminatingRhs: true },
        { level: 'ERR', component: 'RHS', pid: 0x40 },
      ),
      sys.record('2024-01-01 10:00:00', 1265, "Cluster resource type 'Network Name' timed out while processing the control code.", { resourceType: 'Network Name' }),
    ];
    const result = runEngine([n2, sys], events);
    expect(result.incidents.map((i) => [i.kind, i.resource, i.resourceType, i.entryPoint, i.timeline.length])).toEqual([
      ['deadlock', null, 'Network Name', 'ResourceTypeControl', 3],
    ]);
    expect(result.incidents[0]!.title).toBe("ResourceTypeControl call for resource type 'Network Name' timed out (RHS deadlock)");
  });

  it('reports a DNS registration failure from the System log only when no cluster log can show the failure', () => {
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const e1196 = sys.record('2024-01-01 10:00:00', 1196, "Cluster network name resource 'SQL Net' failed registration of one or more associated DNS name(s).", {
      resource: 'SQL Net',
    });
    const alone = runEngine([sys], [e1196]);
    expect(kinds(alone)).toEqual(['online-failure:SQL Net']);
    expect(alone.incidents[0]!.outcomeDetail).toMatch(/only by the System log/);

    const n1 = log('N1_cluster.log', 'N1');
    const healthy = [n1.transition('2024-01-01 09:00:00.000', 'SQL Net', 'OnlinePending', 'Online'), e1196];
    expect(runEngine([n1, sys], healthy).incidents).toEqual([]);
  });

  it("reports RCM's HandleFailure of a resource", () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.event('rcm.failover-decision', '2024-01-01 10:00:00.000', 'rcm::RcmResource::HandleFailure: (App)', { group: null, resource: 'App', decision: 'handle-failure' }, { component: 'RCM' }),
    ];
    expect(kinds(runEngine([n1], events))).toEqual(['health-check-failure:App']);
  });
});
