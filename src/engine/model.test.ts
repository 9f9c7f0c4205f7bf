import { describe, expect, it } from 'vitest';
import { log } from '../../test/helpers/events.js';
import { activityOf } from './activities.js';
import { parsePolicyCell, phaseOf } from './model.js';
import { Topology } from './topology.js';

describe('model', () => {
  it('maps RCM states to phases, case-insensitively, keeping unknown names apart', () => {
    expect(phaseOf('OnlinePending')).toBe('coming-online');
    expect(phaseOf('offlinecallissued')).toBe('going-offline');
    expect(phaseOf('WaitingToTerminate')).toBe('failing');
    expect(phaseOf('DelayRestartingResource')).toBe('restarting');
    expect(phaseOf('Failed')).toBe('failed');
    expect(phaseOf('SomethingNew')).toBe('unknown');
  });

  it('reads policy cells in decimal, hex and boolean form', () => {
    expect(parsePolicyCell('300000')).toBe(300_000);
    expect(parsePolicyCell('0xFFFFFFFF')).toBe(0xffff_ffff);
    expect(parsePolicyCell('True')).toBe(1);
    expect(parsePolicyCell('')).toBeNull();
    expect(parsePolicyCell('n/a')).toBeNull();
  });

  it('says what an entry point does per resource type', () => {
    expect(activityOf('Network Name', 'IsAlive')).toMatch(/DNS registration/);
    expect(activityOf('Physical Disk', 'LooksAlive')).toMatch(/SCSI-3 persistent reservation/);
    expect(activityOf('File Share Witness', 'IsAlive')).toMatch(/witness file share/);
    expect(activityOf('SQL Server Availability Group', 'IsAlive')).toMatch(/sp_server_diagnostics/);
    expect(activityOf('Virtual Machine Configuration', null)).toMatch(/VMMS/);
    expect(activityOf('Some Vendor Type', 'Online')).toBeNull();
    expect(activityOf(null, 'Online')).toBeNull();
  });
});

describe('topology and policies', () => {
  const n1 = log('N1_cluster.log', 'N1');
  const topology = new Topology();
  for (const e of [
    n1.row('Resource Types', { Name: 'Physical Disk', DllName: 'clusres.dll', DeadlockTimeout: '600000' }),
    n1.row('Resource Types', { Name: 'Network Name', DllName: 'clusres.dll' }),
    n1.row('Resources', { name: 'Cluster Disk 2', resourcetype: 'Physical Disk', ownergroup: 'Available Storage', DeadlockTimeout: '4294967295' }),
    n1.row('Resources', { Name: 'SQL Net', Type: 'Network Name', Group: 'SQL', DeadlockTimeout: '120000', PendingTimeout: '200000', SeparateMonitor: 'True' }),
    n1.row('Resources', { Name: 'SQL IP', Type: 'IP Address', Group: 'SQL' }),
    n1.row('Nodes', { Name: 'N2', Id: '2' }),
  ]) {
    topology.learn(e);
  }

  it('uses the documented defaults when no table says otherwise', () => {
    const p = topology.policies('sql ip');
    expect(p.deadlockTimeoutMs).toEqual({ value: 300_000, source: 'default (domain.md §6)' });
    expect(p.pendingTimeoutMs.value).toBe(180_000);
    expect(p.restartThreshold.value).toBe(3);
    expect(p.restartPeriodMs.value).toBe(900_000);
  });

  it('takes a custom DeadlockTimeout from the Resources table and caps PendingTimeout by it', () => {
    const p = topology.policies('sql net');
    expect(p.deadlockTimeoutMs).toEqual({ value: 120_000, source: 'Resources table (DeadlockTimeout)' });
    expect(p.pendingTimeoutMs.value).toBe(120_000);
    expect(p.separateMonitor.value).toBe(1);
  });

  it('falls back to the resource type for 0xFFFFFFFF, and to per-type defaults', () => {
    const p = topology.policies('cluster disk 2');
    expect(p.deadlockTimeoutMs).toEqual({ value: 600_000, source: 'Resource Types table (DeadlockTimeout)' });
    expect(p.restartThreshold.value).toBe(1); // Physical Disk default (domain.md §6)
  });

  it('knows types, groups, DLLs and group mates', () => {
    expect(topology.resource('cluster disk 2')).toMatchObject({ type: 'Physical Disk', typeFrom: 'table', group: 'Available Storage', dll: 'clusres.dll' });
    expect(topology.groupMates('sql net')).toEqual(['SQL IP']);
    expect(topology.nodeName(2)).toBe('N2');
  });

  it('infers the type of a default-named resource and says so', () => {
    expect(topology.resource('cluster name')).toMatchObject({ type: 'Network Name', typeFrom: 'default name' });
  });

  it('learns types and groups from the records themselves', () => {
    const t = new Topology();
    const sys = log('sys.txt', 'N1', { kind: 'event-log' });
    t.learn(n1.res('2024-01-01 00:00:00.000', 'Generic Script', 'MyScript', 'Online called'));
    t.learn(sys.record('2024-01-01 00:00:01', 1069, 'failed', { resource: 'MyScript', group: 'Role1' }));
    expect(t.resource('myscript')).toMatchObject({ name: 'MyScript', type: 'Generic Script', typeFrom: 'record', group: 'Role1' });
  });
});
