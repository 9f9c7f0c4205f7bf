import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import storage from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:40Z';
const diskOnline = { kind: 'online-failure', resource: 'Cluster Disk 3', resourceType: 'Physical Disk', entryPoint: 'Online', detectedMs: at(T0) } as const;
const csvFailure = { kind: 'csv-failure', resource: 'Cluster Disk 1', resourceType: 'Physical Disk', detectedMs: at(T0) } as const;
const agHealth = { kind: 'health-check-failure', resource: 'AG1', resourceType: 'SQL Server Availability Group', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const netnameDeadlock = { kind: 'deadlock', resource: 'APP1', resourceType: 'Network Name', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;

describe('storage', () => {
  const cases = ruleTests(storage, {
    valid: [
      {
        name: 'healthy disk chatter',
        draft: netnameDeadlock,
        records: [
          cl('2024/03/05-10:14:10.000', 'INFO', '[RES] Physical Disk <Cluster Disk 1>: IsAlive sanity check succeeded'),
          cl('2024/03/05-10:14:11.000', 'INFO', '[RES] Physical Disk <Cluster Disk 1>: LooksAlive: disk is online, reservation held, status 0'),
        ],
      },
      {
        name: 'W32Time 129 is not a storport reset',
        draft: netnameDeadlock,
        records: [eventRecord(129, 'NtpClient was unable to set a domain peer to use as a time source because of discovery error.', { at: ISO, provider: 'Microsoft-Windows-Time-Service' })],
      },
      {
        name: 'CSV auto-pause for a snapshot (c0130021) and a volume dismounted by a move are not storage causes',
        draft: netnameDeadlock,
        records: [
          eventRecord(5120, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') has entered a paused state because of 'STATUS_CLUSTER_CSV_AUTO_PAUSE_ERROR(c0130021)'. All I/O will temporarily be queued until a path to the volume is reestablished.", { at: ISO }),
          eventRecord(5120, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') has entered a paused state because of 'STATUS_VOLUME_DISMOUNTED(c000026e)'. All I/O will temporarily be queued until a path to the volume is reestablished.", { at: ISO }),
        ],
      },
      {
        name: 'a chkdsk that is not needed',
        draft: netnameDeadlock,
        records: [cl('2024/03/05-10:14:10.000', 'INFO', '[RES] Physical Disk <Cluster Disk 1>: Volume is clean, chkdsk not needed')],
      },
    ],
    invalid: [
      {
        name: 'VerifyFS error 5 and chkdsk (1066) on the disk coming online',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:13:02.000', 'ERR', '[RES] Physical Disk <Cluster Disk 3>: VerifyFS: Failed to open file \\\\?\\GLOBALROOT\\Device\\Harddisk4\\Partition2\\readme.txt Error: 5.'),
          eventRecord(
            1066,
            "Cluster disk resource 'Cluster Disk 3' indicates corruption for volume '\\\\?\\Volume{3c1b7e2a-0d4f-11ee-9c5b-00155d010203}'. Chkdsk is being run to repair problems. The disk will be unavailable until Chkdsk completes.",
            { at: '2024-03-05T10:13:03Z', params: { resource: 'Cluster Disk 3' } },
          ),
        ],
        signatures: ['verifyfs-failed', 'disk-access-error', 'file-system-corrupt'],
        evidence: [1, 2],
      },
      {
        name: 'storport 129 and disk 153 before an AG health-check failure (comma export, no ids)',
        draft: agHealth,
        records: [
          eventRecord(null, 'Reset to device, \\Device\\RaidPort2, was issued.', { at: ISO, provider: null }),
          eventRecord(null, 'The IO operation at logical block address 0x1f3a8 for Disk 6 (PDO name: \\Device\\00000045) was retried.', { at: ISO, provider: null }),
          cl('2024/03/05-10:14:59.000', 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] Failure detected, diagnostics heartbeat is lost'),
        ],
        signatures: ['storport-reset', 'io-retried'],
        evidence: [1, 2],
      },
      {
        name: 'storport 129 and disk 153 with ids',
        draft: agHealth,
        records: [
          eventRecord(129, 'Reset to device, \\Device\\RaidPort2, was issued.', { at: ISO, provider: 'storahci' }),
          eventRecord(153, 'The IO operation at logical block address 0x1f3a8 for Disk 6 (PDO name: \\Device\\00000045) was retried.', { at: ISO, provider: 'disk' }),
          cl('2024/03/05-10:14:59.000', 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] Failure detected, diagnostics heartbeat is lost'),
          cl('2024/03/05-10:14:59.000', 'INFO', '[RES] SQL Server Availability Group <AG1>: [hadrag] SQL Server has encountered 3 occurrence(s) of I/O requests taking longer than 15 seconds to complete'),
        ],
        signatures: ['storport-reset', 'io-retried', 'slow-io'],
        evidence: [1, 2, 4],
      },
      {
        name: 'disk driver errors and MPIO path failures',
        draft: diskOnline,
        records: [
          eventRecord(7, 'The device, \\Device\\Harddisk4\\DR4, has a bad block.', { at: ISO, provider: 'disk' }),
          eventRecord(46, 'Path 77010001 was removed from \\Device\\MPIODisk4 due to a PnP event. The affected path was for the disk LUN.', { at: ISO, provider: 'mpio' }),
        ],
        signatures: ['disk-device-error', 'path-failure'],
        evidence: [1, 2],
      },
      {
        name: 'CSV paused with STATUS_DEVICE_NOT_CONNECTED',
        draft: csvFailure,
        records: [
          eventRecord(5120, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') has entered a paused state because of 'STATUS_DEVICE_NOT_CONNECTED(c000009d)'. All I/O will temporarily be queued until a path to the volume is reestablished.", {
            at: ISO,
            params: { resource: 'Cluster Disk 1' },
          }),
        ],
        signatures: ['device-lost'],
        evidence: [1],
      },
      {
        name: 'CSV busy (80000011) and an unclassified status',
        draft: csvFailure,
        records: [
          eventRecord(5142, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') is no longer accessible from this cluster node because of error '(80000011)'. Please troubleshoot this node's connectivity to the storage device and network connectivity.", { at: ISO }),
          eventRecord(5150, "Cluster physical disk resource 'Cluster Disk 1' failed.  The Cluster Shared Volume was put in failed state with the following error: 'Failed to get the volume number for \\\\?\\GLOBALROOT\\Device\\Harddisk5\\ClusterPartition2\\ (error 2)'", { at: ISO }),
        ],
        signatures: ['csv-reservation-busy', 'csv-paused'],
        evidence: [1, 2],
      },
      {
        name: 'CSV I/O timeout (c00000b5) is storage first',
        draft: csvFailure,
        records: [eventRecord(5120, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') has entered a paused state because of 'STATUS_IO_TIMEOUT(c00000b5)'. All I/O will temporarily be queued until a path to the volume is reestablished.", { at: ISO })],
        signatures: ['io-timeout'],
        evidence: [1],
      },
      {
        name: 'disk events 1038, 1034, 1035, 1037, 1671',
        draft: diskOnline,
        records: [
          eventRecord(1038, "Ownership of cluster disk 'Cluster Disk 3' has been unexpectedly lost by this node. Run the Validate a Configuration wizard to check your storage configuration.", { at: ISO }),
          eventRecord(1034, "Cluster physical disk resource 'Cluster Disk 3' cannot be brought online because the associated disk could not be found. The expected signature of the disk was '7A3B22C1'.", { at: ISO }),
          eventRecord(1035, "While disk resource 'Cluster Disk 3' was being brought online, access to one or more volumes failed with error '1117'.", { at: ISO }),
          eventRecord(1037, "The file system for one or more partitions on the disk for resource 'Cluster Disk 3' may be corrupt.", { at: ISO }),
          eventRecord(1671, 'Cluster physical disk resource cannot be brought online.\n\nPhysical Disk resource name: Cluster Disk 3\nError Code: 0x8007045d\nTime Elapsed (seconds): 180', { at: ISO }),
        ],
        signatures: ['disk-reservation-lost', 'disk-missing', 'volume-mount-failed', 'file-system-corrupt', 'disk-online-failed'],
        evidence: [1, 2, 3, 4, 5],
      },
      {
        name: 'the disk asks for chkdsk on online',
        draft: diskOnline,
        records: [cl('2024/03/05-10:14:40.000', 'WARN', '[RES] Physical Disk <Cluster Disk 3>: Volume \\?\GLOBALROOT\Device\Harddisk4\ClusterPartition2\ is dirty, starting chkdsk spotfix')],
        signatures: ['chkdsk-or-corruption'],
        evidence: [1],
      },
      {
        name: 'persistent reservation failures',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:14:40.000', 'ERR', '[RES] Physical Disk <Cluster Disk 3>: SetSharedPRKey: failed, status 170'),
          cl('2024/03/05-10:14:41.000', 'ERR', '[RES] Physical Disk <Cluster Disk 3>: PR reserve failed, status 170'),
        ],
        signatures: ['persistent-reservation-failed'],
        evidence: [1, 2],
      },
      {
        name: 'Storage Spaces virtual disk without redundancy',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:14:40.000', 'INFO', '[RES] Physical Disk <Cluster Disk 3>: OnlineThread: SuGetSpace returned 0.'),
          cl('2024/03/05-10:14:40.001', 'WARN', "[RES] Physical Disk <Cluster Disk 3>: Underlying virtual disk is in 'no redundancy' state; its volume(s) may fail to mount."),
          cl('2024/03/05-10:14:40.002', 'ERR', "[RES] Physical Disk <Cluster Disk 3>: Failing online due to virtual disk in 'no redundancy' state. If you would like to attempt to online the disk anyway, first set this resource's private property 'DiskRecoveryAction' to 1."),
        ],
        signatures: ['space-query', 'virtual-disk-no-redundancy'],
        evidence: [2, 3],
      },
      {
        name: 'CSV no longer accessible and device lost in DCM lines',
        draft: csvFailure,
        records: [cl('2024/03/05-10:14:40.000', 'WARN', "[DCM] Volume 'Volume1' is no longer available on this node because of 'STATUS_NO_SUCH_DEVICE(c000000e)'", '00001a2b.00003c4d')],
        signatures: ['csv-no-access', 'device-lost'],
        evidence: [1],
      },
      {
        name: 'SQL io_subsystem error and a lease perf row with 2 s disk latency',
        draft: agHealth,
        records: [
          cl('2024/03/05-10:14:50.000', 'WARN', "[RES] SQL Server Availability Group <AG1>: [hadrag] SQL Server component 'io_subsystem' health state has been changed from 'clean' to 'warning'"),
          cl('2024/03/05-10:14:58.000', 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] Lease timeout detected, logging perf counter data collected so far'),
          cl('2024/03/05-10:14:58.001', 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] Date/Time, Processor time(%), Available memory(bytes), Avg disk read(secs), Avg disk write(secs)'),
          cl('2024/03/05-10:14:58.002', 'ERR', '[RES] SQL Server Availability Group <AG1>: [hadrag] 3/5/2024 10:14:40 AM, 22.5, 6442450944, 0.004, 2.150'),
        ],
        signatures: ['sql-io-subsystem-error', 'lease-perf-disk-latency'],
        evidence: [1, 4],
      },
      {
        name: 'bugcheck 0x9E / 0x65 after a disk RHS hang',
        draft: { ...diskOnline, kind: 'deadlock' },
        records: [
          eventRecord(1001, 'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000009e (0xffffe001f3b7c8c0, 0x00000000000004b0, 0x0000000000000065, 0x0000000000000000). A dump was saved in: C:\\Windows\\MEMORY.DMP.', {
            at: ISO,
            provider: 'Microsoft-Windows-WER-SystemErrorReporting',
          }),
        ],
        signatures: ['disk-deadlock-bugcheck'],
        evidence: [1],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
