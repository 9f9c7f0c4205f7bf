/** When the failing call started and which timeout applied (start.ts). */
import { describe, expect, it } from 'vitest';
import { log, runEngine } from '../../test/helpers/events.js';

describe('timeout of a pending online/offline', () => {
  it('RCM reporting the overrun itself (OfflinePending -> ProcessingFailure) applies PendingTimeout', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.transition('2024-01-01 10:00:00.000', 'Batch', 'Online', 'OfflineCallIssued'),
      n1.issuing('2024-01-01 10:00:00.001', 'Batch', 'Offline'),
      n1.transition('2024-01-01 10:00:00.050', 'Batch', 'OfflineCallIssued', 'OfflinePending'),
      n1.transition('2024-01-01 10:03:00.300', 'Batch', 'OfflinePending', 'ProcessingFailure'),
      n1.transition('2024-01-01 10:03:00.700', 'Batch', 'ProcessingFailure', 'Failed'),
    ];
    const [incident] = runEngine([n1], events).incidents;
    expect([incident?.kind, incident?.startedFrom, incident?.timeoutMs, incident?.overrunMs]).toEqual(['offline-failure', 'rcm-issuing-call', 180_000, 299]);
  });

  it('an Online call that fails without having gone pending has no pending timeout', () => {
    const n1 = log('N1_cluster.log', 'N1');
    const events = [
      n1.transition('2024-01-01 10:00:00.000', 'Batch', 'Offline', 'OnlineCallIssued'),
      n1.issuing('2024-01-01 10:00:00.001', 'Batch', 'Online'),
      n1.transition('2024-01-01 10:00:02.000', 'Batch', 'OnlineCallIssued', 'ProcessingFailure'),
    ];
    const [incident] = runEngine([n1], events).incidents;
    expect([incident?.kind, incident?.timeoutMs]).toEqual(['online-failure', null]);
  });
});
