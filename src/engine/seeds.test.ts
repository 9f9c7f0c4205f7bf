/**
 * The two seed scenarios end to end at the event level:
 * (a) a Network Name IsAlive hung on DNS in the shared RHS took co-hosted Physical Disk and IP Address
 *     resources down with it (seed 000);
 * (b) a Cluster Name LooksAlive deadlock with 1230/1146 in a local-time export (seed 004).
 */
import { describe, expect, it } from 'vitest';
import { exportOf, log, runEngine } from '../../test/helpers/events.js';

const RHS = 0x1a2c;
const NEW_RHS = 0x2b3c;
const OTHER_RHS = 0x2000;
const RCM = { pid: 0x900, tid: 0x910 };

function sharedRhsScenario() {
  const n1 = log('HV1_cluster.log', 'HV1');
  const sys = exportOf('HV1-System.txt', 'HV1.contoso.com', -60); // stated zone: UTC+01:00
  const on = (tid: number) => ({ pid: RHS, tid });
  const events = [
    n1.row('Resources', { Name: 'Cluster Name', ResourceType: 'Network Name', OwnerGroup: 'Cluster Group' }),
    n1.row('Resources', { Name: 'Cluster IP Address', ResourceType: 'IP Address', OwnerGroup: 'Cluster Group' }),
    n1.row('Resources', { Name: 'Cluster Disk 1', ResourceType: 'Physical Disk', OwnerGroup: 'Available Storage' }),
    // The IsAlive thread starts the DNS registration refresh and is never heard from again.
    n1.res('2024-03-01 09:55:00.000', 'Network Name', 'Cluster Name', 'IsAlive: refreshing DNS registration', on(0x2b0)),
    n1.res('2024-03-01 09:55:05.000', 'Physical Disk', 'Cluster Disk 1', 'LooksAlive: reservation held', on(0x300)),
    n1.res('2024-03-01 09:57:00.000', 'IP Address', 'Cluster IP Address', 'IsAlive: interface is up', on(0x310)),
    n1.res('2024-03-01 09:58:00.000', 'Virtual Machine', 'VM1', 'IsAlive: VM running', { pid: OTHER_RHS, tid: 0x10 }),
    n1.res('2024-03-01 09:58:30.000', 'Physical Disk', 'Cluster Disk 1', 'IsAlive: volume accessible', on(0x300)),
    n1.res('2024-03-01 09:59:30.000', 'Network Name', 'Cluster Name', 'Dns: HealthCheck: DNS server 10.0.0.53 did not respond', { ...on(0x2c8), level: 'WARN' }),
    n1.callTimeout('2024-03-01 10:00:00.050', 'Cluster Name', 'ISALIVE', on(0x2b8)),
    n1.deadlockHandling('2024-03-01 10:00:00.050', 'Cluster Name', true, on(0x2b8)),
    n1.monitorReply('2024-03-01 10:00:00.060', 'Cluster Name', 'FAILURENOTIFICATION', 4, RCM),
    n1.crashed('2024-03-01 10:00:00.060', 'Cluster Name', RCM),
    n1.transition('2024-03-01 10:00:00.100', 'Cluster Name', 'Online', 'ProcessingFailure', RCM),
    n1.monitorRestart('2024-03-01 10:00:00.200', 'Cluster Disk 1', RCM),
    n1.monitorRestart('2024-03-01 10:00:00.200', 'Cluster IP Address', RCM),
    n1.transition('2024-03-01 10:00:00.300', 'Cluster Disk 1', 'Online', 'ProcessingFailure', RCM),
    n1.transition('2024-03-01 10:00:00.300', 'Cluster IP Address', 'Online', 'ProcessingFailure', RCM),
    n1.separateMonitor('2024-03-01 10:00:01.000', 'Cluster Name', NEW_RHS, RCM),
    n1.transition('2024-03-01 10:00:01.500', 'Cluster Disk 1', 'ProcessingFailure', 'DelayRestartingResource', RCM),
    n1.transition('2024-03-01 10:00:02.000', 'Cluster Disk 1', 'DelayRestartingResource', 'OnlineCallIssued', RCM),
    n1.transition('2024-03-01 10:00:02.000', 'Cluster Name', 'ProcessingFailure', 'DelayRestartingResource', RCM),
    n1.transition('2024-03-01 10:00:02.500', 'Cluster Name', 'DelayRestartingResource', 'OnlineCallIssued', RCM),
    n1.transition('2024-03-01 10:00:03.000', 'Cluster Disk 1', 'OnlineCallIssued', 'Online', RCM),
    n1.transition('2024-03-01 10:00:03.000', 'Cluster IP Address', 'ProcessingFailure', 'Online', RCM),
    n1.res('2024-03-01 10:00:04.000', 'Network Name', 'Cluster Name', 'Online: name registered', { pid: NEW_RHS, tid: 0x20 }),
    n1.transition('2024-03-01 10:00:05.000', 'Cluster Name', 'OnlineCallIssued', 'Online', RCM),
    sys.record('2024-03-01 11:00:00', 1230, "Cluster resource 'Cluster Name' (resource type 'Network Name', DLL 'clusres.dll') did not respond to a request in a timely fashion.", {
      resource: 'Cluster Name',
      resourceType: 'Network Name',
      dll: 'clusres.dll',
    }),
    sys.record('2024-03-01 11:00:00', 1069, "Cluster resource 'Cluster Disk 1' of type 'Physical Disk' in clustered role 'Available Storage' failed.", {
      resource: 'Cluster Disk 1',
      group: 'Available Storage',
      resourceType: 'Physical Disk',
    }),
    sys.record('2024-03-01 11:00:01', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted.'),
  ];
  return { sources: [n1, sys], events };
}

describe('seed (a): a Network Name IsAlive hung on DNS in the shared RHS', () => {
  const { sources, events } = sharedRhsScenario();
  const result = runEngine(sources, events);
  const incident = result.incidents[0]!;

  it('reports one deadlock and no separate incident for its symptoms', () => {
    expect(result.incidents.map((i) => [i.kind, i.resource])).toEqual([['deadlock', 'Cluster Name']]);
  });

  it('rebuilds what hung, where and since when', () => {
    expect(incident).toMatchObject({
      node: 'HV1',
      resourceType: 'Network Name',
      group: 'Cluster Group',
      dll: 'clusres.dll',
      entryPoint: 'IsAlive',
      rhsPid: RHS,
      detectedAt: '2024-03-01T10:00:00.050Z',
      startedAt: '2024-03-01T09:55:00.000Z',
      startedFrom: 'stuck-thread-last-line',
      timeoutMs: 300_000,
      overrunMs: 50,
      severity: 'critical',
    });
    expect(incident.activity).toMatch(/DNS registration/);
  });

  it('names the co-hosted resources as collateral, not the VM in another RHS', () => {
    expect(incident.collateral).toEqual(['Cluster Disk 1', 'Cluster IP Address']);
  });

  it('follows the culprit into its separate monitor', () => {
    expect(incident.outcome).toBe('restarted-separate-monitor');
    expect(incident.escalation).toEqual([]);
  });

  it('shows the hang from the log and from the System export in one timeline', () => {
    const files = new Set(incident.timeline.map((t) => t.source.file));
    expect(files).toEqual(new Set(['HV1_cluster.log', 'HV1-System.txt']));
    const events = incident.timeline.map((t) => t.event);
    expect(events).toEqual(expect.arrayContaining(['rhs.call-timeout', 'eventlog.1230', 'eventlog.1146', 'eventlog.1069', 'rcm.monitor-restart']));
    expect(incident.timeline[0]!.text).toBe('Network Name <Cluster Name>: IsAlive: refreshing DNS registration');
    const times = incident.timeline.map((t) => t.at!);
    expect([...times].sort()).toEqual(times);
  });

  it('hands the rules the DLL lines of the stuck resource and takes their root cause', () => {
    const call = result.rules.calls[0]!;
    expect(call.draft).toMatchObject({ kind: 'deadlock', resource: 'Cluster Name', entryPoint: 'IsAlive', stuckThread: { pid: RHS, tid: 0x2b0 } });
    expect(call.evidence.map((e) => e.text)).toContain('Network Name <Cluster Name>: Dns: HealthCheck: DNS server 10.0.0.53 did not respond');
    expect(incident.rootCause.category).toBe('dns');
    expect(incident.recommendations).toContain('Check the DNS servers.');
  });
});

function seed004(withExport: boolean) {
  const clusterLog = log('seed.log', 'seed.log', { nodeFrom: 'file name (fallback)' });
  const sys = exportOf('seed.events.txt', 'Server1.contoso.com.', null);
  const events = [
    clusterLog.event(
      'rcm.resource-control-error',
      '2009-06-17 20:07:57.900',
      'ResourceControl(GET_NETWORK_NAME) to Network Name (email) returned 5910.',
      { resource: 'Network Name (email)', control: 'GET_NETWORK_NAME', errorCode: 5910 },
      { pid: 0x8c8, tid: 0x2528, level: 'WARN', component: 'RCM' },
    ),
    clusterLog.callTimeout('2009-06-17 20:07:58.009', 'Cluster Name', 'LOOKSALIVE', { pid: 0xf1c, tid: 0xf28 }),
    clusterLog.deadlockHandling('2009-06-17 20:07:58.009', 'Cluster Name', true, { pid: 0xf1c, tid: 0xf28 }),
    clusterLog.monitorReply('2009-06-17 20:07:58.009', 'Cluster Name', 'FAILURENOTIFICATION', 4, { pid: 0x8c8, tid: 0x1cc4 }),
    clusterLog.crashed('2009-06-17 20:07:58.009', 'Cluster Name', { pid: 0x8c8, tid: 0x1cc4 }),
    ...(withExport
      ? [
          sys.record('2009-06-17 16:07:58', 1230, "Cluster resource 'Cluster Name' (resource type '', DLL 'clusres.dll') either crashed or deadlocked.", {
            resource: 'Cluster Name',
            resourceType: '',
            dll: 'clusres.dll',
          }),
          sys.record('2009-06-17 16:07:58', 1146, 'The cluster resource host subsystem (RHS) stopped unexpectedly. An attempt will be made to restart it.'),
        ]
      : []),
  ];
  return { sources: withExport ? [clusterLog, sys] : [clusterLog], events };
}

describe('seed (b): Cluster Name LooksAlive deadlock with 1230/1146 from a local-time export', () => {
  const { sources, events } = seed004(true);
  const result = runEngine(sources, events);

  it('infers the export offset from the matching records and aligns its events', () => {
    const zone = result.zones.get('seed.events.txt')!;
    expect(zone).toMatchObject({ basis: 'local', offsetMinutes: 240 });
    expect(zone.how).toMatch(/^inferred from 2 matches.*1146 ↔ RHS termination.*1230 ↔ DeadlockMonitor/);
    const e1230 = result.timeline.find((e) => e.type === 'eventlog.record' && e.eventId === 1230)!;
    expect(e1230.utcMs).toBe(Date.UTC(2009, 5, 17, 20, 7, 58));
  });

  it('merges the log lines and the export records into one deadlock', () => {
    expect(result.incidents).toHaveLength(1);
    const incident = result.incidents[0]!;
    expect(incident).toMatchObject({ kind: 'deadlock', resource: 'Cluster Name', entryPoint: 'LooksAlive', node: 'Server1.contoso.com' });
    // Detection comes from the millisecond-precise DeadlockMonitor line, not the export's whole second.
    expect(incident.detectedAt).toBe('2009-06-17T20:07:58.009Z');
    expect(incident.startedFrom).toBe('detection-minus-timeout');
    expect(incident.startedAt).toBe('2009-06-17T20:02:58.009Z');
    const files = new Set(incident.timeline.map((t) => t.source.file));
    expect(files).toEqual(new Set(['seed.log', 'seed.events.txt']));
    expect(incident.timeline.map((t) => t.event)).toEqual([
      'rcm.resource-control-error',
      'eventlog.1230',
      'eventlog.1146',
      'rhs.call-timeout',
      'rhs.deadlock-handling',
      'rcm.monitor-reply',
      'rcm.crashed-or-deadlocked',
    ]);
    expect(incident.escalation).toEqual([]);
  });

  it('without the export, warns that RHS was not seen to exit and gives the 0x9E deadline', () => {
    const only = seed004(false);
    const alone = runEngine(only.sources, only.events);
    expect(alone.incidents).toHaveLength(1);
    expect(alone.incidents[0]!.node).toBeNull(); // the log's node name is only a fallback
    expect(alone.incidents[0]!.escalation).toEqual([expect.stringMatching(/PID 3868 \(0xf1c\).*0x9E at 2009-06-17 20:27:58\.009Z/)]);
  });
});
