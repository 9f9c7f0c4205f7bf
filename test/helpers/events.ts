/** Typed events for tests: a base record plus the fields of one event type. */
import type { ClusterEvent, EventBase } from '../../src/events/types.js';

export function baseEvent(overrides: Partial<EventBase> = {}): EventBase {
  return {
    node: 'NODE1',
    source: { file: 'C:\\logs\\NODE1_cluster.log', line: 10 },
    sourceKind: 'cluster-log',
    wallMs: Date.UTC(2024, 2, 1, 20, 7, 58, 25),
    utcMs: Date.UTC(2024, 2, 1, 20, 7, 58, 25),
    timeText: '2024/03/01-20:07:58.025',
    level: 'ERR',
    pid: 0xf1c,
    tid: 0x1a2,
    component: 'RHS',
    channel: null,
    text: "RhsCall::DeadlockMonitor: Call LOOKSALIVE timed out by 16 milliseconds for resource 'Cluster Name'.",
    ...overrides,
  };
}

export function callTimeout(overrides: Partial<EventBase> = {}): ClusterEvent {
  return {
    ...baseEvent(overrides),
    type: 'rhs.call-timeout',
    resource: 'Cluster Name',
    resourceType: null,
    entryPoint: 'LooksAlive',
    call: 'LOOKSALIVE',
    overrunMs: 16,
  };
}

export function eventRecord1230(overrides: Partial<EventBase> = {}): ClusterEvent {
  return {
    ...baseEvent({ sourceKind: 'event-log', component: null, pid: null, tid: null, source: { file: 'System.csv', line: 18 }, ...overrides }),
    type: 'eventlog.record',
    eventId: 1230,
    idFrom: 'record',
    provider: 'Microsoft-Windows-FailoverClustering',
    levelName: 'Error',
    computer: 'NODE1.contoso.com',
    channel: 'System',
    recordId: 4711,
    task: 'Resource Control Manager',
    message: "A component on the server did not respond in a timely fashion. This caused the cluster resource 'Cluster Name' to exceed its time-out threshold.",
    template: '1230/deadlock',
    params: { resource: 'Cluster Name', resourceType: 'Network Name', dll: 'clusres.dll' },
    data: null,
  };
}

export function generic(overrides: Partial<EventBase> = {}): ClusterEvent {
  return { ...baseEvent({ level: 'INFO', component: 'NM', text: 'something else', ...overrides }), type: 'generic' };
}
