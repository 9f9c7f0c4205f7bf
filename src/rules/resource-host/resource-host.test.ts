import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import resourceHost from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:58Z';
const rhsFailure = { kind: 'rhs-failure', node: 'NODE1', resource: 'MSMQ-APP1', resourceType: 'MSMQ', detectedMs: at(T0) } as const;
const onlineFailure = { kind: 'online-failure', resource: 'MSMQ-APP1', resourceType: 'MSMQ', entryPoint: 'Online', detectedMs: at(T0) } as const;
const diskDeadlock = { kind: 'deadlock', resource: 'Cluster Disk 1', resourceType: 'Physical Disk', entryPoint: 'Online', detectedMs: at(T0) } as const;

describe('resource-host', () => {
  const cases = ruleTests(resourceHost, {
    valid: [
      {
        name: 'RHS terminated after a deadlock is the recovery, not a crash',
        draft: diskDeadlock,
        records: [
          cl('2024/03/05-10:15:00.000', 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call ONLINERESOURCE timed out for resource 'Cluster Disk 1'."),
          cl('2024/03/05-10:15:00.001', 'ERR', '[RHS] Resource Cluster Disk 1 handling deadlock. Cleaning current operation and terminating RHS process.'),
          cl('2024/03/05-10:15:00.050', 'ERR', '[RHS] WER report is submitted. Result : WerReportQueued.'),
          eventRecord(1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted.', { at: '2024-03-05T10:15:01Z' }),
        ],
      },
      {
        name: 'RHS terminated because the cluster service stopped on quorum loss',
        draft: { ...onlineFailure, resource: 'ag1023' },
        records: [
          eventRecord(1177, 'The Cluster service is shutting down because quorum was lost.', { at: '2024-03-05T10:14:57Z' }),
          eventRecord(1146, 'The cluster Resource Hosting Subsystem (RHS) process was terminated and will be restarted.', { at: ISO }),
        ],
      },
    ],
    invalid: [
      {
        name: 'RHS could not be started: rhs.exe not found',
        draft: rhsFailure,
        records: [
          cl(
            '2024/03/05-10:14:58.000',
            'ERR',
            "[RCM] RcmMonitor: Failed to create RHS process 'C:\\Windows\\Cluster\\rhs.exe -key SYSTEM\\CurrentControlSet\\Services\\ClusSvc\\Parameters\\Rhs\\default -parentPid 1234 -initEvent 88 -replyEndpoint LRPC-3f1e'. Error ERROR_FILE_NOT_FOUND(2)",
            '000008c8.00001cc4',
          ),
        ],
        signatures: ['rhs-create-failed'],
        evidence: [1],
      },
      {
        name: 'the resource DLL cannot be loaded (126)',
        draft: onlineFailure,
        records: [cl('2024/03/05-10:14:58.000', 'ERR', "[RHS] RhsCall::Perform_NativeEH: ERROR_MOD_NOT_FOUND(126)' because of 'Unable to load resource DLL mqclus.dll.'")],
        signatures: ['dll-load-failed'],
        evidence: [1],
      },
      {
        name: 'RHS stopped with no deadlock before it, and filed a crash report',
        draft: onlineFailure,
        records: [
          cl('2024/03/05-10:14:57.000', 'ERR', '[RHS] WER report is submitted. Result : WerReportQueued.'),
          eventRecord(1146, 'The cluster Resource Hosting Subsystem (RHS) stopped unexpectedly. An attempt will be made to restart it.', { at: ISO }),
        ],
        signatures: ['wer-without-deadlock', 'rhs-terminated-without-deadlock'],
        evidence: [1, 2],
      },
      {
        name: 'a crash reported with the ambiguous 2008 R2 wording of 1230 and no DeadlockMonitor line',
        draft: onlineFailure,
        records: [
          eventRecord(1230, "Cluster resource 'MSMQ-APP1' (resource type 'MSMQ', DLL 'mqclus.dll') either crashed or deadlocked. The Resource Hosting Subsystem (RHS) process will now attempt to terminate, and the resource will be marked to run in a separate monitor.", {
            at: '2024-03-05T10:14:57Z',
          }),
          eventRecord(1146, 'The cluster resource host subsystem (RHS) stopped unexpectedly. An attempt will be made to restart it.', { at: ISO }),
        ],
        signatures: ['rhs-terminated-without-deadlock'],
        evidence: [2],
      },
      {
        name: 'an access violation inside a Windows module of RHS',
        draft: onlineFailure,
        records: [
          eventRecord(1000, 'Faulting application name: rhs.exe, version: 10.0.17763.1\nFaulting module name: clusres.dll, version: 10.0.17763.2300\nException code: 0xc0000005', { at: ISO, provider: 'Application Error' }),
          cl('2024/03/05-10:14:58.000', 'ERR', '[RHS] Unhandled exception 0xc0000005 in RHS while calling the resource Online entry point'),
        ],
        signatures: ['rhs-exception'],
        evidence: [1, 2],
      },
      {
        name: 'a resource deadlocking again in its own monitor',
        draft: { ...diskDeadlock, resource: 'Contoso Gateway', resourceType: 'Contoso Gateway' },
        records: [
          cl('2024/03/05-10:05:00.000', 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'Contoso Gateway'."),
          cl('2024/03/05-10:05:00.100', 'WARN', "[RCM] rcm::RcmResource::HandleMonitorReply: Resource 'Contoso Gateway' has crashed or deadlocked; marking it to run in a separate monitor.", '000008c8.00001cc4'),
          cl('2024/03/05-10:15:00.000', 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'Contoso Gateway'.", '00001e40.00001e44'),
        ],
        signatures: ['repeated-deadlock-in-separate-monitor'],
        evidence: [3],
      },
      {
        name: 'bugcheck 0x9E with parameter 3 = 3 (exception from a resource entry point)',
        draft: rhsFailure,
        records: [
          eventRecord(1001, 'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000009e (0xffffe001f3b7c8c0, 0x00000000000004b0, 0x0000000000000003, 0x0000000000000000).', {
            at: ISO,
            provider: 'Microsoft-Windows-WER-SystemErrorReporting',
          }),
        ],
        signatures: ['exception-bugcheck'],
        evidence: [1],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
