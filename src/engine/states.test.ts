import { describe, expect, it } from 'vitest';
import { log } from '../../test/helpers/events.js';
import { orderRecords, type Rec } from './order.js';
import { ResourceStates } from './states.js';

const anyNode = (): boolean => true;

describe('resource state machine', () => {
  const n1 = log('N1_cluster.log', 'N1');
  const events = [
    n1.transition('2024-01-01 10:00:00.000', 'Disk', 'Offline', 'OnlineCallIssued'),
    n1.transition('2024-01-01 10:00:00.100', 'Disk', 'OnlineCallIssued', 'OnlinePending'),
    n1.transition('2024-01-01 10:00:03.000', 'Disk', 'OnlinePending', 'ProcessingFailure'),
    n1.transition('2024-01-01 10:00:03.100', 'Disk', 'ProcessingFailure', 'WaitingToTerminate'),
    n1.transition('2024-01-01 10:00:03.200', 'Disk', 'WaitingToTerminate', 'VendorSpecificState'),
    n1.reattach('2024-01-01 10:01:00.000', 'Net', 'Online'),
    n1.transition('2024-01-01 10:02:00.000', 'Net', 'Online', 'OfflineCallIssued'),
    n1.transition('2024-01-01 10:02:00.100', 'Net', 'OfflineCallIssued', 'OfflinePending'),
  ];
  const recs = orderRecords(events);
  const states = new ResourceStates(recs);
  const last: Rec = recs.at(-1)!;

  it('keeps the history of each resource, unknown state names included', () => {
    expect(states.history('disk', last, anyNode).map((s) => s.state)).toEqual([
      'OnlineCallIssued',
      'OnlinePending',
      'ProcessingFailure',
      'WaitingToTerminate',
      'VendorSpecificState',
    ]);
  });

  it('looks past failure handling to the phase that failed', () => {
    const afterTerminate = recs[4]!;
    expect(states.phaseBefore('disk', afterTerminate, anyNode)).toBe('coming-online');
    expect(states.phaseBefore('net', last, anyNode)).toBe('going-offline');
    expect(states.phaseBefore('nothing', last, anyNode)).toBe('unknown');
  });

  it('finds resources left in a pending state', () => {
    expect(states.openPending().map((p) => [p.resourceKey, p.enter.state])).toEqual([['net', 'OfflinePending']]);
  });

  it('keeps nodes apart', () => {
    const n2 = log('N2_cluster.log', 'N2');
    const two = orderRecords([...events, n2.transition('2024-01-01 10:03:00.000', 'Net', 'Offline', 'Online')]);
    const other = new ResourceStates(two);
    const onN1 = two.find((r) => r.file === 'N1_cluster.log')!;
    expect(other.history('net', onN1, (a, b) => a.nodeKey === b.nodeKey).map((s) => s.state)).toEqual(['Online', 'OfflineCallIssued', 'OfflinePending']);
    expect(other.openPending().map((p) => p.resourceKey)).toEqual(['net']);
  });
});
