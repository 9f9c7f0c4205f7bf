/**
 * RHS crashes (an exception in an entry point, no DeadlockMonitor), resource-type calls (ResourceTypeControl
 * hangs that name a type, not a resource) and the per-file UTC time ranges the engine returns after alignment.
 */
import { describe, expect, it } from 'vitest';
import type { EntryPoint } from '../events/types.js';
import { exportOf, fakeRules, log, runEngine, type Source } from '../../test/helpers/events.js';

const RHS = 0x1d50;
const RCM = { pid: 0x154c, tid: 0x2eb0 };

function exception(src: Source, at: string, resource: string | null, call: string | null, entryPoint: EntryPoint | null) {
  return src.event(
    'rhs.exception',
    at,
    `RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(c0000005)' because of 'Unhandled exception in ${call ?? '?'} call for resource '${resource ?? '?'}'; RHS will terminate.'`,
    { resource, resourceType: null, entryPoint, call, exceptionName: 'EXCEPTION_ACCESS_VIOLATION', exceptionCode: 0xc0000005, dll: null },
    { level: 'ERR', component: 'RHS', pid: RHS, tid: 0x3990 },
  );
}

function wer(src: Source, at: string) {
  return src.event('rhs.wer-report', at, 'WER report is submitted. Result : WerReportQueued.', { result: 'WerReportQueued' }, { level: 'ERR', component: 'RHS', pid: RHS, tid: 0x3990 });
}

describe('an exception in an entry point is an RHS failure in that call', () => {
  it('exception, WER, crashed-or-deadlocked, 1146 and 1069 without a DeadlockMonitor: one rhs-failure with the entry point', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      n1.res('2024-01-01 09:59:59.000', 'Contoso Volume', 'Vol (Data)', 'IsAlive: checking replication', { pid: RHS, tid: 0x3990 }),
      exception(n1, '2024-01-01 10:00:00.000', 'Vol (Data)', 'ISALIVE', 'IsAlive'),
      wer(n1, '2024-01-01 10:00:00.800'),
      n1.monitorReply('2024-01-01 10:00:01.200', 'Vol (Data)', 'FAILURENOTIFICATION', 4, RCM),
      n1.crashed('2024-01-01 10:00:01.210', 'Vol (Data)', RCM),
      n1.transition('2024-01-01 10:00:01.220', 'Vol (Data)', 'Online', 'ProcessingFailure', RCM),
      n1.monitorRestart('2024-01-01 10:00:02.000', 'App Service', RCM),
      n1.reattach('2024-01-01 10:00:02.001', 'App Service', 'Online', RCM),
      sys.record('2024-01-01 10:00:02', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted.'),
      sys.record('2024-01-01 10:00:02', 1069, "Cluster resource 'Vol (Data)' failed.", { resource: 'Vol (Data)', group: 'APP' }),
      n1.transition('2024-01-01 10:00:05.000', 'Vol (Data)', 'OnlinePending', 'Online', RCM),
    ];
    const { incidents } = runEngine([n1, sys], events);
    expect(incidents.map((i) => [i.kind, i.resource, i.entryPoint, i.node])).toEqual([['rhs-failure', 'Vol (Data)', 'IsAlive', 'N1']]);
    expect(incidents[0]!.collateral).toContain('App Service');
    expect(incidents[0]!.rhsPid).toBe(RHS);
    expect(incidents[0]!.timeline.map((t) => t.event)).toContain('rhs.exception');
  });

  it('the DLL named by the exception is the incident DLL when no table or event states one', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const e = n1.event(
      'rhs.exception',
      '2024-01-01 10:00:00.000',
      "RhsCall::Perform_NativeEH: EXCEPTION_ACCESS_VIOLATION(3221225477)' because of 'Unhandled exception in ISALIVE call for resource Vol (vendor.dll); RHS will terminate.'",
      { resource: 'Vol', resourceType: null, entryPoint: 'IsAlive', call: 'ISALIVE', exceptionName: 'EXCEPTION_ACCESS_VIOLATION', exceptionCode: 3221225477, dll: 'vendor.dll' },
      { level: 'ERR', component: 'RHS', pid: RHS },
    );
    expect(runEngine([n1], [e]).incidents.map((i) => [i.kind, i.resource, i.dll, i.entryPoint])).toEqual([['rhs-failure', 'Vol', 'vendor.dll', 'IsAlive']]);
  });

  it('the entry point comes from the exception whatever order the crash records arrive in', () => {
    const n1 = log('N1_cluster.log', 'N1');
    // WER written before the exception line (another thread, same moment).
    const events = [wer(n1, '2024-01-01 10:00:00.000'), exception(n1, '2024-01-01 10:00:00.100', 'Vol', 'LOOKSALIVE', 'LooksAlive'), n1.crashed('2024-01-01 10:00:01.000', 'Vol', RCM)];
    expect(runEngine([n1], events).incidents.map((i) => [i.kind, i.resource, i.entryPoint])).toEqual([['rhs-failure', 'Vol', 'LooksAlive']]);
  });

  it('a 2008 R2 1230 "either crashed or deadlocked" right after the exception reports that crash, not a hang', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.evtx', 'N1', 0);
    const events = [
      exception(n1, '2024-01-01 10:00:00.000', 'Vol', 'ISALIVE', 'IsAlive'),
      sys.record('2024-01-01 10:00:01', 1230, "Cluster resource 'Vol' (resource type '', DLL 'vendor.dll') either crashed or deadlocked.", { resource: 'Vol' }),
      sys.record('2024-01-01 10:00:01', 1146, 'The cluster resource host subsystem (RHS) stopped unexpectedly.'),
    ];
    expect(runEngine([n1, sys], events).incidents.map((i) => [i.kind, i.resource, i.entryPoint])).toEqual([['rhs-failure', 'Vol', 'IsAlive']]);
  });

  it('an exception while the same resource is already deadlocked belongs to that deadlock', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.callTimeout('2024-01-01 10:00:00.000', 'Vol', 'ONLINERESOURCE', { pid: RHS }),
      exception(n1, '2024-01-01 10:00:00.500', 'Vol', 'ONLINERESOURCE', 'Online'),
      wer(n1, '2024-01-01 10:00:01.000'),
    ];
    expect(runEngine([n1], events).incidents.map((i) => [i.kind, i.resource, i.entryPoint])).toEqual([['deadlock', 'Vol', 'Online']]);
  });
});

describe('resource-type calls (ResourceTypeControl)', () => {
  const typeHandling = (src: Source, at: string) =>
    src.event(
      'rhs.deadlock-handling',
      at,
      'Resource type Network Name handling deadlock. Cleaning current operation and terminating RHS process.',
      { resource: 'Network Name', resourceType: 'Network Name', terminatingRhs: true },
      { level: 'ERR', component: 'RHS', pid: 0x40 },
    );

  it('the handling line of a type alone is a type-level deadlock: resource null, resourceType set', () => {
    const n2 = log('N2_cluster.log', 'N2');
    const { incidents } = runEngine([n2], [typeHandling(n2, '2024-01-01 10:00:00.001')]);
    expect(incidents.map((i) => [i.kind, i.resource, i.resourceType])).toEqual([['deadlock', null, 'Network Name']]);
  });

  it('a resource that happens to be named like a type is still a resource', () => {
    const n2 = log('N2_cluster.log', 'N2');
    const { incidents } = runEngine([n2], [n2.deadlockHandling('2024-01-01 10:00:00.001', 'Network Name', true, { pid: 0x40 })]);
    expect(incidents.map((i) => [i.kind, i.resource])).toEqual([['deadlock', 'Network Name']]);
  });

  it("the type's DLL lines on its node in the window are the incident's evidence, even those no rule pre-selects", () => {
    const n2 = log('N2_cluster.log', 'N2');
    const n1 = log('N1_cluster.log', 'N1');
    const rules = fakeRules(() => false);
    const events = [
      n2.res('2024-01-01 09:55:20.000', 'Network Name', null, 'ValidateNetname: checking that APP2 is not in use', { pid: 0x40, tid: 0x888 }),
      n2.res('2024-01-01 09:56:00.000', 'Network Name', null, 'ValidateNetname: LDAP search failed, status 0x51', { pid: 0x40, tid: 0x888, level: 'ERR' }),
      n2.res('2024-01-01 09:57:00.000', 'IP Address', 'Cluster IP Address', 'IsAlive: interface is up', { pid: 0x40, tid: 0x999 }),
      n1.res('2024-01-01 09:56:30.000', 'Network Name', null, 'ValidateNetname: on the other node', { pid: 0x41, tid: 0x777 }),
      n2.event(
        'rhs.call-timeout',
        '2024-01-01 10:00:16.000',
        "RhsCall::DeadlockMonitor: Call RESOURCETYPECONTROL timed out for resource type 'Network Name'.",
        { resource: null, resourceType: 'Network Name', entryPoint: 'ResourceTypeControl', call: 'RESOURCETYPECONTROL', overrunMs: null },
        { level: 'ERR', component: 'RHS', pid: 0x40, tid: 0xbcc },
      ),
      typeHandling(n2, '2024-01-01 10:00:16.001'),
      n2.monitorRestart('2024-01-01 10:00:17.000', 'Cluster Name', RCM),
      n2.reattach('2024-01-01 10:00:17.001', 'Cluster Name', 'Online', RCM),
    ];
    const result = runEngine([n1, n2], events, { rules });
    expect(result.incidents[0]!.collateral).toEqual(['Cluster Name']);
    expect(result.incidents.map((i) => [i.kind, i.resource, i.resourceType, i.node])).toEqual([['deadlock', null, 'Network Name', 'N2']]);
    const evidence = rules.calls[0]!.evidence.map((e) => e.text);
    expect(evidence).toContain('Network Name: ValidateNetname: checking that APP2 is not in use');
    expect(evidence).toContain('Network Name: ValidateNetname: LDAP search failed, status 0x51');
    expect(evidence).not.toContain('Network Name: ValidateNetname: on the other node');
    expect(evidence).not.toContain('IP Address <Cluster IP Address>: IsAlive: interface is up');
    expect(rules.calls[0]!.draft).toMatchObject({ resource: null, resourceType: 'Network Name', entryPoint: 'ResourceTypeControl' });
    // No resource to run in a separate monitor.
    expect(result.incidents[0]!.recommendations.join(' ')).not.toMatch(/separate resource monitor|'null'/);
  });
});

describe('per-file time ranges after alignment', () => {
  it('an export whose offset was inferred gets a UTC range; stated zones keep theirs', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const sys = exportOf('N1-System.csv', 'N1', null); // local time, offset unknown
    const events = [
      sys.record('2024-01-01 04:30:00', 7036, 'The Windows Update service entered the running state.', {}, { provider: 'Service Control Manager' }),
      n1.callTimeout('2024-01-01 10:00:00.000', 'App', 'ISALIVE', { pid: 0x40 }),
      n1.deadlockHandling('2024-01-01 10:00:00.001', 'App', true, { pid: 0x40 }),
      n1.crashed('2024-01-01 10:00:00.010', 'App'),
      sys.record('2024-01-01 05:00:00', 1230, "Cluster resource 'App' did not respond to a request in a timely fashion.", { resource: 'App' }),
      sys.record('2024-01-01 05:00:01', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
      n1.transition('2024-01-01 10:05:00.000', 'App', 'OnlinePending', 'Online'),
      sys.record('2024-01-01 05:10:00', 7036, 'The Windows Update service entered the stopped state.', {}, { provider: 'Service Control Manager' }),
    ];
    const result = runEngine([n1, sys], events);
    expect(result.zones.get('N1-System.csv')).toMatchObject({ basis: 'local', offsetMinutes: 300 });
    expect(result.timeRanges.get('N1-System.csv')).toEqual({ from: Date.UTC(2024, 0, 1, 9, 30), to: Date.UTC(2024, 0, 1, 10, 10) });
    expect(result.timeRanges.get('N1_cluster.log')).toEqual({ from: Date.UTC(2024, 0, 1, 10), to: Date.UTC(2024, 0, 1, 10, 5) });
  });

  it('an export whose offset stays unknown has no range', () => {
    const sys = exportOf('N9-System.csv', 'N9', null);
    const result = runEngine([sys], [sys.record('2024-01-01 04:30:00', 7036, 'The Windows Update service entered the running state.')]);
    expect(result.timeRanges.get('N9-System.csv')).toEqual({ from: null, to: null });
  });
});

describe('RHS that cannot be created', () => {
  it('is one incident while RCM retries at every service start, and a new one after a long quiet spell', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.rhsCreateFailed('2024-05-10 08:00:00.000'),
      n1.rhsCreateFailed('2024-05-10 08:02:10.000'),
      n1.rhsCreateFailed('2024-05-10 08:04:25.000'),
      // Hours later: the file was restored, then lost again.
      n1.rhsCreateFailed('2024-05-10 14:00:00.000'),
    ];
    const result = runEngine([n1], events);
    const failures = result.incidents.filter((i) => i.kind === 'rhs-failure');
    expect(failures).toHaveLength(2);
    expect(failures[0]!.timeline.filter((t) => t.event === 'rcm.rhs-create-failed')).toHaveLength(3);
  });
});
