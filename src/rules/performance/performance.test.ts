import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import performance from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:58Z';
const nodeDown = { kind: 'node-down', node: 'NODE1', detectedMs: at(T0) } as const;
const agHealth = { kind: 'health-check-failure', resource: 'AG1', resourceType: 'SQL Server Availability Group', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const appDeadlock = { kind: 'deadlock', resource: 'PrintSpooler', resourceType: 'Print Spooler', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const AG = '[RES] SQL Server Availability Group <AG1>: [hadrag]';

describe('performance', () => {
  const cases = ruleTests(performance, {
    valid: [
      {
        name: 'a lease perf row of an idle node',
        draft: { kind: 'online-failure', resource: 'Cluster Disk 1', resourceType: 'Physical Disk', detectedMs: at(T0) },
        records: [cl('2024/03/05-10:14:58.002', 'ERR', `${AG} 3/5/2024 10:14:40 AM, 12.5, 8589934592, 0.004, 0.006`)],
      },
      {
        name: '0x9E from a resource deadlock (parameter 3 = 5) is an escalation, not a hang of the node',
        draft: appDeadlock,
        records: [
          eventRecord(1001, 'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000009e (0xffffe001f3b7c8c0, 0x00000000000004b0, 0x0000000000000005, 0x0000000000000000).', {
            at: ISO,
            provider: 'Microsoft-Windows-WER-SystemErrorReporting',
          }),
        ],
      },
      {
        name: 'event 2004 of another provider',
        draft: appDeadlock,
        records: [eventRecord(2004, 'The backup catalog was compacted.', { at: ISO, provider: 'Contoso-Backup' })],
      },
    ],
    invalid: [
      {
        name: 'NetFT watchdog 4869 and clussvc operation timeout 5377',
        draft: nodeDown,
        records: [
          eventRecord(4869, "User mode health monitoring has detected that the system is not being responsive. The Failover cluster virtual adapter has lost contact with the 'C:\\Windows\\Cluster\\clussvc.exe' process with a process ID '2316', for '60' seconds.", {
            at: ISO,
            provider: 'Microsoft-Windows-FailoverClustering',
          }),
          eventRecord(5377, "An internal Cluster service operation exceeded the defined threshold of '120' seconds. The Cluster service has been terminated to recover.", { at: ISO }),
        ],
        signatures: ['netft-watchdog', 'clussvc-operation-timeout'],
        evidence: [1, 2],
      },
      {
        name: 'Resource-Exhaustion-Detector 2004, pool exhaustion, out of memory',
        draft: appDeadlock,
        records: [
          eventRecord(
            2004,
            'Windows successfully diagnosed a low virtual memory condition. The following programs consumed the most virtual memory: sqlservr.exe (4120) consumed 61203464192 bytes, rhs.exe (2212) consumed 1073741824 bytes.',
            { at: ISO, provider: 'Microsoft-Windows-Resource-Exhaustion-Detector', level: 'WARN', levelName: 'Warning' },
          ),
          eventRecord(2019, 'The server was unable to allocate from the system nonpaged pool because the pool was empty.', { at: ISO, provider: 'Srv' }),
          cl('2024/03/05-10:14:59.000', 'ERR', '[RES] Print Spooler <PrintSpooler>: IsAlive: failed to query the spooler, error ERROR_NOT_ENOUGH_MEMORY(8)'),
        ],
        signatures: ['low-virtual-memory', 'pool-exhausted', 'out-of-memory'],
        evidence: [1, 2, 3],
      },
      {
        name: 'SQL non-yielding scheduler',
        draft: agHealth,
        records: [
          cl('2024/03/05-10:14:50.000', 'ERR', `${AG} Process 0:0:0 (0x1c3c) Worker 0x0000020A4B9A0160 appears to be non-yielding on Scheduler 3. Thread creation time: 13356712345678.`),
          eventRecord(17883, 'Process 0:0:0 (0x1c3c) Worker 0x0000020A4B9A0160 appears to be non-yielding on Scheduler 3.', { at: ISO, provider: 'MSSQLSERVER' }),
        ],
        signatures: ['sql-non-yielding'],
        evidence: [1, 2],
      },
      {
        name: 'lease timeout perf rows with CPU at 99 % and 120 MB free',
        draft: agHealth,
        records: [
          cl('2024/03/05-10:14:58.000', 'ERR', `${AG} Lease timeout detected, logging perf counter data collected so far`),
          cl('2024/03/05-10:14:58.001', 'ERR', `${AG} Date/Time, Processor time(%), Available memory(bytes), Avg disk read(secs), Avg disk write(secs)`),
          cl('2024/03/05-10:14:58.002', 'ERR', `${AG} 3/5/2024 10:14:30 AM, 99.2, 125829120, 0.012, 0.020`),
          cl('2024/03/05-10:14:58.003', 'ERR', `${AG} 3/5/2024 10:14:40 AM, 98.7, 121634816, 0.011, 0.018`),
        ],
        signatures: ['lease-perf-cpu-memory'],
        evidence: [3, 4],
      },
      {
        name: 'a live dump taken just before the node was removed',
        draft: nodeDown,
        records: [eventRecord(1001, 'Fault bucket LKD_0x166_ClusSvc, type 0\nEvent Name: LiveKernelEvent\nResponse: Not available', { at: ISO, provider: 'Windows Error Reporting' })],
        signatures: ['live-dump'],
        evidence: [1],
      },
      {
        name: '0x9E because user mode stopped answering (parameter 3 = 9)',
        draft: nodeDown,
        records: [
          eventRecord(1001, 'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000009e (0xffffe001f3b7c8c0, 0x00000000000000f0, 0x0000000000000009, 0x0000000000000000).', {
            at: ISO,
            provider: 'Microsoft-Windows-WER-SystemErrorReporting',
          }),
        ],
        signatures: ['user-mode-hang-bugcheck'],
        evidence: [1],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
