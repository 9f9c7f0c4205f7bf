import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import hyperV from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:58Z';
const vmOnline = { kind: 'online-failure', resource: 'Virtual Machine Configuration WEB01', resourceType: 'Virtual Machine Configuration', entryPoint: 'Online', detectedMs: at(T0) } as const;
const vmHealth = { kind: 'health-check-failure', resource: 'WEB01', resourceType: 'Virtual Machine', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const diskOnline = { kind: 'online-failure', resource: 'Cluster Disk 3', resourceType: 'Physical Disk', entryPoint: 'Online', detectedMs: at(T0) } as const;

describe('hyper-v', () => {
  const cases = ruleTests(hyperV, {
    valid: [
      {
        name: 'healthy VM resource chatter',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:14:10.000', 'INFO', '[RES] Virtual Machine <WEB01>: Current state Running, event HeartbeatStatusUpdated'),
          cl('2024/03/05-10:14:11.000', 'INFO', '[RES] Virtual Machine Configuration <Virtual Machine Configuration WEB01>: Configuration is accessible, status 0'),
        ],
      },
      {
        name: "the cluster's own 1069 about a failed VM resource is not a cause",
        draft: diskOnline,
        records: [
          eventRecord(1069, "Cluster resource 'Virtual Machine WEB01' of type 'Virtual Machine' in clustered role 'WEB01' failed.", {
            at: ISO,
            provider: 'Microsoft-Windows-FailoverClustering',
            level: 'ERR',
            levelName: 'Error',
            params: { resource: 'Virtual Machine WEB01', resourceType: 'Virtual Machine', group: 'WEB01' },
          }),
        ],
      },
      {
        name: 'an informational Hyper-V event',
        draft: diskOnline,
        records: [eventRecord(18500, "'WEB01' started successfully. (Virtual machine ID 1C8B5C6E-4A7E-4F0B-9B55-2E1F8E0C9A11)", { at: ISO, provider: 'Microsoft-Windows-Hyper-V-Worker', level: 'INFO', levelName: 'Information' })],
      },
    ],
    invalid: [
      {
        name: '21502: the VM could not be registered with VMMS',
        draft: vmOnline,
        records: [
          eventRecord(
            21502,
            "'Virtual Machine Configuration WEB01' failed to register the virtual machine with the virtual machine management service.",
            { at: ISO, provider: 'Microsoft-Windows-Hyper-V-High-Availability' },
          ),
        ],
        signatures: ['vm-registration-failed', 'vm-registration-text'],
        evidence: [1],
      },
      {
        name: 'VMMS not answering and the VM resource failing',
        draft: vmOnline,
        records: [
          cl('2024/03/05-10:14:40.000', 'ERR', '[RES] Virtual Machine Configuration <Virtual Machine Configuration WEB01>: VMMS did not respond to the configuration query within 120 seconds'),
          cl('2024/03/05-10:14:41.000', 'ERR', '[RES] Virtual Machine Configuration <Virtual Machine Configuration WEB01>: Online failed, hr 0x8007274c'),
        ],
        signatures: ['vmms-failure', 'vm-resource-failure'],
        evidence: [1, 2],
      },
      {
        name: 'critical state inside the guest (1250) and a failed live migration',
        draft: vmHealth,
        records: [
          eventRecord(1250, "Cluster resource 'WEB01' in clustered role 'WEB01' has received a critical state notification. For a virtual machine this indicates that an application or service inside the virtual machine is in an unhealthy state.", {
            at: ISO,
          }),
          cl('2024/03/05-10:14:50.000', 'ERR', "[RES] Virtual Machine <WEB01>: Live migration of 'WEB01' to node HV02 failed: the operation was cancelled, MigrationFailureReason 3"),
        ],
        signatures: ['embedded-failure-event', 'migration-failed'],
        evidence: [1, 2],
      },
      {
        name: 'a VM resource line passed through to the event log (2051)',
        draft: vmHealth,
        records: [eventRecord(2051, '[RES] Virtual Machine <WEB01>: IsAlive failed, VMMS is not responding after 60 seconds', { at: ISO, provider: 'Microsoft-Windows-FailoverClustering', level: 'ERR', levelName: 'Error' })],
        signatures: ['vmms-failure', 'vm-resource-failure'],
        evidence: [1],
      },
      {
        name: 'an error from the Hyper-V worker',
        draft: vmHealth,
        records: [
          eventRecord(3430, "'WEB01' failed to start worker process: The virtual machine could not be started because the hypervisor is not running. (Virtual machine ID 1C8B5C6E)", {
            at: ISO,
            provider: 'Microsoft-Windows-Hyper-V-Worker',
            level: 'ERR',
            levelName: 'Error',
          }),
        ],
        signatures: ['hyper-v-error-event'],
        evidence: [1],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
