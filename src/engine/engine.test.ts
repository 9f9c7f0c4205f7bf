/** Engine-wide properties: determinism, stable ids, ordering, clock skew, bounded retention. */
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../events/types.js';
import { exportOf, fakeRules, log, runEngine } from '../../test/helpers/events.js';
import { CorrelationEngine } from './engine.js';
import { incidentId } from './ids.js';
import { Ring } from './retention.js';

function twoNodeStory() {
  const n1 = log('N1_cluster.log', 'N1');
  const n2 = log('N2_cluster.log', 'N2');
  const sys = exportOf('N1-System.evtx', 'N1', 0);
  const events = [
    n1.callTimeout('2024-01-01 10:00:00.000', 'App', 'ISALIVE', { pid: 0x40 }),
    n1.healthFailed('2024-01-01 11:00:00.000', 'Web', 'IsAlive'),
    n2.newView('2024-01-01 12:00:00.000', 2, [1]),
    sys.record('2024-01-01 10:00:01', 1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated.'),
    n2.quorumLost('2024-01-01 12:00:01.000'),
  ];
  return { sources: [n1, n2, sys], events };
}

describe('determinism', () => {
  it('gives the same report whatever order the inputs and batches arrive in', () => {
    const { sources, events } = twoNodeStory();
    const forward = runEngine(sources, events);
    const engine = new CorrelationEngine({}, fakeRules());
    for (const e of [...events].reverse()) engine.ingest([e]);
    const backward = engine.finish([...sources].reverse().map((s) => s.input()));
    expect(backward.incidents).toEqual(forward.incidents);
    expect(backward.timeline).toEqual(forward.timeline);
  });

  it('orders incidents by detection time and derives ids from kind, node, resource and detection', () => {
    const { sources, events } = twoNodeStory();
    const { incidents } = runEngine(sources, events);
    expect(incidents.map((i) => i.kind)).toEqual(['deadlock', 'health-check-failure', 'node-down', 'quorum-loss']);
    const first = incidents[0]!;
    expect(first.id).toBe(incidentId(first));
    expect(first.id).toMatch(/^deadlock-[0-9a-f]{10}$/);
    expect(incidentId({ kind: 'deadlock', node: 'N1', resource: 'App', detectedAt: '2024-01-01T10:00:00.000Z' })).toBe(first.id);
  });
});

describe('timeline order', () => {
  it('sorts by (time, node, file, line) and keeps untimed records next to their file neighbours', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const events: ClusterEvent[] = [
      n1.transition('2024-01-01 10:00:02.000', 'A', 'Offline', 'OnlineCallIssued'),
      n1.transition(null, 'A', 'OnlineCallIssued', 'OnlinePending'), // garbled time: stays after its neighbour
      n2.transition('2024-01-01 10:00:01.000', 'B', 'Offline', 'OnlineCallIssued'),
      n2.transition('2024-01-01 10:00:03.000', 'B', 'OnlineCallIssued', 'Online'),
      n1.transition('2024-01-01 10:00:01.500', 'A', 'OnlinePending', 'Online'), // written out of order by another thread
    ];
    const { timeline } = runEngine([n1, n2], events);
    expect(timeline.map((e) => `${e.source.file}:${e.source.line}`)).toEqual([
      'N2_cluster.log:1',
      'N1_cluster.log:3',
      'N1_cluster.log:1',
      'N1_cluster.log:2',
      'N2_cluster.log:2',
    ]);
  });

  it('keeps only significant records in the timeline', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [n1.generic('2024-01-01 10:00:00.000', 'GUM update'), n1.res('2024-01-01 10:00:01.000', 'IP Address', 'IP', 'ok'), n1.quorumLost('2024-01-01 10:00:02.000')];
    expect(runEngine([n1], events).timeline.map((e) => e.type)).toEqual(['quorum.lost']);
  });
});

describe('clock skew', () => {
  it('reports nodes whose records of one membership change are more than 30 s apart, without moving them', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const n3 = log('N3_cluster.log', 'N3');
    const events = [
      n1.newView('2024-01-01 10:00:00.000', 1, [3]),
      n2.newView('2024-01-01 10:00:45.000', 2, [3]),
      n3.quorumLost('2024-01-01 10:00:00.500'),
    ];
    const result = runEngine([n1, n2, n3], events);
    expect(result.incidents.filter((i) => i.kind === 'node-down')).toHaveLength(1);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'clock-skew', level: 'warning', message: expect.stringMatching(/^N2 logged the same membership change 45 s after N1/) }),
    ]);
    expect(result.timeline.find((e) => e.node === 'N2')!.utcMs).toBe(Date.UTC(2024, 0, 1, 10, 0, 45));
  });

  it('stays quiet for a few seconds of difference', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const events = [n1.newView('2024-01-01 10:00:00.000', 1, [3]), n2.newView('2024-01-01 10:00:09.000', 2, [3])];
    expect(runEngine([n1, n2], events).diagnostics).toEqual([]);
  });
});

describe('bounded retention', () => {
  it('a ring keeps the last N items', () => {
    const ring = new Ring<number>(3);
    const evicted = [1, 2, 3, 4, 5].map((n) => ring.push(n));
    expect([...ring.values()]).toEqual([3, 4, 5]);
    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2]);
  });

  it('keeps the DLL lines around a failure on a log far larger than the rings', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const rules = fakeRules(() => false);
    const limits = { resPerResource: 50, resourcesPerNode: 10, otherPerNode: 50, pinnedMax: 1_000 };
    const engine = new CorrelationEngine({}, rules, limits);
    const start = Date.UTC(2024, 0, 1, 10, 0, 0);
    const at = (ms: number) => new Date(start + ms).toISOString().replace('T', ' ').replace('Z', '');
    // Two hours of chatter before the hang, one line a second from a healthy disk.
    for (let s = 0; s < 7_200; s++) engine.ingest([n1.res(at(s * 1000 - 7_200_000), 'Physical Disk', 'Disk 1', 'IsAlive ok', { pid: 0x40, tid: 7 })]);
    engine.ingest([n1.res(at(-300_000), 'Network Name', 'NN', 'Dns: registration started', { pid: 0x40, tid: 9 })]);
    for (let s = 0; s < 299; s++) engine.ingest([n1.res(at(-299_000 + s * 1000), 'Physical Disk', 'Disk 1', 'IsAlive ok', { pid: 0x40, tid: 7 })]);
    engine.ingest([n1.callTimeout(at(0), 'NN', 'ISALIVE', { pid: 0x40, tid: 11 })]);
    for (let s = 1; s < 3_600; s++) engine.ingest([n1.res(at(s * 1000), 'Physical Disk', 'Disk 1', 'IsAlive ok', { pid: 0x40, tid: 7 })]);
    const result = engine.finish([n1.input()]);
    const evidence = rules.calls[0]!.evidence;
    expect(evidence.map((e) => e.text)).toContain('Network Name <NN>: Dns: registration started');
    expect(evidence.length).toBeLessThan(1_000);
    expect(result.incidents[0]).toMatchObject({ startedFrom: 'stuck-thread-last-line', startedAt: '2024-01-01T09:55:00.000Z' });
  });
});
