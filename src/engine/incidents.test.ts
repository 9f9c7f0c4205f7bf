import type { ClusterEvent } from '../events/types.js';
/** Which nodes a node-down incident says were removed: the side that left, not every node someone called down. */
import { describe, expect, it } from 'vitest';
import { exportOf, log, runEngine } from '../../test/helpers/events.js';

const removed = (node: string) => `Cluster node '${node}' was removed from the active failover cluster membership.`;

/** Two nodes that each lose the other and form a view without it. */
function mutualDown() {
  const n1 = log('N1_cluster.log', 'N1');
  const n2 = log('N2_cluster.log', 'N2');
  const events: ClusterEvent[] = [
    n1.connectionBroken('2024-01-01 10:00:04.100', 1, 2),
    n2.connectionBroken('2024-01-01 10:00:04.100', 2, 1),
    n1.newView('2024-01-01 10:00:05.000', 1, [2]),
    n2.newView('2024-01-01 10:00:05.000', 2, [1]),
  ];
  return { n1, n2, events };
}

describe('node-down title and node', () => {
  it('names only the isolated node of three, although it called its two peers down before losing quorum', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const n3 = log('N3_cluster.log', 'N3');
    const sys3 = exportOf('N3-System.txt', 'N3', 0);
    const events = [
      n1.connectionBroken('2024-01-01 10:00:04.100', 1, 3),
      n2.connectionBroken('2024-01-01 10:00:04.150', 2, 3),
      n3.connectionBroken('2024-01-01 10:00:04.120', 3, 1),
      n3.connectionBroken('2024-01-01 10:00:04.160', 3, 2),
      n2.newView('2024-01-01 10:00:05.000', 2, [3]),
      n1.newView('2024-01-01 10:00:05.050', 1, [3]),
      n3.newView('2024-01-01 10:00:05.100', 3, [1, 2]),
      sys3.record('2024-01-01 10:00:05', 1135, removed('N1'), { node: 'N1' }),
      sys3.record('2024-01-01 10:00:05', 1135, removed('N2'), { node: 'N2' }),
      n3.quorumLost('2024-01-01 10:00:05.200'),
    ];
    const down = runEngine([n1, n2, n3, sys3], events).incidents.find((i) => i.kind === 'node-down')!;
    expect(down.title).toBe('Node N3 was removed from cluster membership');
    expect(down.node).toBe('N3');
  });

  it('takes the node that lost quorum as the one removed when two nodes call each other down', () => {
    const { n1, n2, events } = mutualDown();
    events.push(n1.quorumLost('2024-01-01 10:00:05.300'));
    const down = runEngine([n1, n2], events).incidents.find((i) => i.kind === 'node-down')!;
    expect(down.title).toBe('Node N1 was removed from cluster membership');
  });

  it('names both nodes, and says so, when two nodes call each other down and nothing tells which left', () => {
    const { n1, n2, events } = mutualDown();
    const down = runEngine([n1, n2], events).incidents.find((i) => i.kind === 'node-down')!;
    expect(down.title).toBe('Nodes N2, N1 were removed from cluster membership (each seen from another node)');
  });

  it('names every node the remaining nodes removed, without the hedge', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const n3 = log('N3_cluster.log', 'N3');
    const n4 = log('N4_cluster.log', 'N4');
    const events = [
      // N3 and N4 learn their ids from their own lines before they go silent.
      n3.newView('2024-01-01 09:00:00.000', 3, []),
      n4.newView('2024-01-01 09:00:00.000', 4, []),
      n1.connectionBroken('2024-01-01 10:00:04.100', 1, 3),
      n1.connectionBroken('2024-01-01 10:00:04.110', 1, 4),
      n2.connectionBroken('2024-01-01 10:00:04.120', 2, 3),
      n1.newView('2024-01-01 10:00:05.000', 1, [3, 4]),
      n2.newView('2024-01-01 10:00:05.010', 2, [3, 4]),
    ];
    const down = runEngine([n1, n2, n3, n4], events).incidents.find((i) => i.kind === 'node-down')!;
    expect(down.title).toBe('Nodes N3, N4 were removed from cluster membership');
    expect(down.node).toBe('N3');
  });
});

describe('sentences', () => {
  it('spell times in outcomes as the reports do, not as ISO', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n2 = log('N2_cluster.log', 'N2');
    const events = [
      n1.healthFailed('2024-01-01 10:00:00.000', 'SQL AG', 'IsAlive'),
      n2.transition('2024-01-01 10:00:10.250', 'SQL AG', 'OnlinePending', 'Online'),
    ];
    const [incident] = runEngine([n1, n2], events).incidents;
    expect(incident!.outcomeDetail).toBe("'SQL AG' came online on N2 at 2024-01-01 10:00:10.250Z");
    expect(incident!.detectedAt).toBe('2024-01-01T10:00:00.000Z');
  });

  it('spell times in clock-skew diagnostics as the reports do', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const n3 = log('N3_cluster.log', 'N3');
    const events = [
      n1.newView('2024-01-01 10:00:05.000', 1, [2]),
      n1.connectionBroken('2024-01-01 10:00:04.100', 1, 2),
      n3.connectionBroken('2024-01-01 10:04:04.200', 3, 2),
      n3.newView('2024-01-01 10:04:05.300', 3, [2]),
    ];
    const [skew] = runEngine([n1, n3], events).diagnostics;
    expect(skew?.message).toMatch(/\(first seen at 2024-01-01 10:00:04\.100Z\)/);
  });
});
