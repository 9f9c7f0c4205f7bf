import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, configRow, eventRecord } from '../test-events.js';
import configuration from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:58Z';
const ipOnline = { kind: 'online-failure', resource: 'IP Address 10.0.5.20', resourceType: 'IP Address', entryPoint: 'Online', detectedMs: at(T0) } as const;
const appDeadlock = { kind: 'deadlock', resource: 'PayrollSvc', resourceType: 'Generic Service', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const LOW = { deadlockTimeoutMs: 30_000, pendingTimeoutMs: 30_000, source: '[=== Resources ===]' } as const;
const fsDeadlock = { kind: 'deadlock', resource: 'File Server (\\\\FS-DOCS)', resourceType: 'File Server', entryPoint: 'IsAlive', detectedMs: at(T0), timeouts: LOW } as const;
const FS = '[RES] File Server <File Server (\\\\FS-DOCS)>:';
const fswHealth = { kind: 'health-check-failure', resource: 'File Share Witness', resourceType: 'File Share Witness', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;

describe('configuration', () => {
  const cases = ruleTests(configuration, {
    valid: [
      {
        name: 'default timeouts in the resource table',
        draft: appDeadlock,
        records: [configRow('Resources', { Name: 'PayrollSvc', ResourceType: 'Generic Service', DeadlockTimeout: '300000', PendingTimeout: '180000' })],
      },
      {
        name: 'a low timeout on another resource',
        draft: appDeadlock,
        records: [configRow('Resources', { Name: 'OtherApp', DeadlockTimeout: '10000', PendingTimeout: '10000' })],
      },
      {
        name: 'a low timeout does not explain a node removal',
        draft: { kind: 'node-down', node: 'NODE1', detectedMs: at(T0), timeouts: { deadlockTimeoutMs: 10_000, pendingTimeoutMs: 10_000, source: 'test' } },
        records: [],
      },
      {
        name: 'slow calls under a default DeadlockTimeout say nothing about the setting',
        draft: { ...fsDeadlock, timeouts: { deadlockTimeoutMs: 300_000, pendingTimeoutMs: 180_000, source: 'default' } },
        records: [cl('2024/03/05-10:13:40.000', 'WARN', `${FS} IsAlive: 3814 shares scoped to FS-DOCS are online (enumeration took 27940 ms)`)],
      },
      {
        name: 'threshold exhaustion alone is only an escalation hint',
        draft: appDeadlock,
        records: [
          eventRecord(1254, "Clustered role 'Payroll' has exceeded its failover threshold. It has exhausted the configured number of failover attempts within the failover period of time allotted to it and will be left in a failed state.", {
            at: ISO,
          }),
        ],
      },
    ],
    invalid: [
      {
        name: 'an IP address on a cluster-only network (1223 + IpaValidatePrivateResProperties)',
        draft: ipOnline,
        records: [
          cl('2024/03/05-10:14:58.000', 'ERR', '[RES] IP Address <IP Address 10.0.5.20>: IpaValidatePrivateResProperties: Network 3c2a8f7e-5d1b-4c9e-8f0a-7b6d5e4c3b2a with network role (1) does not allow IP address resources.'),
          eventRecord(1223, "Cluster IP address resource 'IP Address 10.0.5.20' failed to come online. Ensure the network property 'Cluster Network 2' matches a cluster network and that the cluster network is not configured to allow client access.", {
            at: ISO,
          }),
        ],
        signatures: ['ip-network-role-text', 'ip-network-role'],
        evidence: [1, 2],
      },
      {
        name: 'an IP address matching no cluster subnet (1360)',
        draft: ipOnline,
        records: [
          eventRecord(
            1360,
            "Cluster IP address resource 'IP Address 10.0.5.20' failed to come online. Ensure the network property 'Cluster Network 3' matches a cluster network name or the address property '10.0.5.20' matches one of the subnets on a cluster network.",
            { at: ISO },
          ),
        ],
        signatures: ['ip-invalid-network'],
        evidence: [1],
      },
      {
        name: 'an old FCI without VirtualServerName',
        draft: { kind: 'online-failure', resource: 'SQL Server (INST1)', resourceType: 'SQL Server', entryPoint: 'Online', detectedMs: at(T0) },
        records: [cl('2024/03/05-10:14:58.000', 'ERR', "[RES] SQL Server <SQL Server (INST1)>: [sqsrvres] Unable to read the 'VirtualServerName' property. Error 2")],
        signatures: ['virtual-server-name-missing'],
        evidence: [1],
      },
      {
        name: 'possible owners and dependencies',
        draft: appDeadlock,
        records: [
          cl('2024/03/05-10:14:50.000', 'WARN', '[RCM] Node NODE3 is not a possible owner of resource PayrollSvc; skipping it', '000008c8.00001cc4'),
          cl('2024/03/05-10:14:51.000', 'ERR', '[RES] Generic Service <PayrollSvc>: Online failed: dependency on Payroll Disk not satisfied'),
          cl('2024/03/05-10:14:52.000', 'ERR', "[RES] Generic Service <PayrollSvc>: ValidatePrivateResProperties failed: invalid value for property 'ServiceName'"),
        ],
        signatures: ['owner-or-dependency-error', 'invalid-private-property'],
        evidence: [1, 2, 3],
      },
      {
        name: 'the witness share denies access to the CNO',
        draft: fswHealth,
        records: [
          cl('2024/03/05-10:14:58.000', 'ERR', '[RES] File Share Witness <File Share Witness>: Failed to create or open directory \\\\FS01\\Witness$\\6202f55b, error 5.'),
          eventRecord(1569, "Cloud witness resource 'Cloud Witness' failed to access Microsoft Azure storage services because of an access denied error.", { at: ISO }),
        ],
        signatures: ['witness-access-denied', 'cloud-witness-access-denied'],
        evidence: [1, 2],
      },
      {
        name: 'DeadlockTimeout of 10 s in the resource table, with threshold exhaustion afterwards',
        draft: appDeadlock,
        records: [
          configRow('Resources', { Name: 'PayrollSvc', ResourceType: 'Generic Service', DeadlockTimeout: '10000', PendingTimeout: '180000' }),
          eventRecord(1254, "Clustered role 'Payroll' has exceeded its failover threshold.", { at: '2024-03-05T10:16:00Z' }),
        ],
        signatures: ['low-timeout-property', 'failover-threshold-exhausted'],
        evidence: [1, 2],
      },
      {
        name: 'DeadlockTimeout of 30 s and IsAlive calls of the resource routinely taking 20-28 s',
        draft: fsDeadlock,
        records: [
          cl('2024/03/05-10:12:20.000', 'DBG', `${FS} IsAlive: 3814 shares scoped to FS-DOCS are online (enumeration took 9120 ms)`),
          cl('2024/03/05-10:13:40.000', 'WARN', `${FS} IsAlive: 3814 shares scoped to FS-DOCS are online (enumeration took 27940 ms)`),
          cl('2024/03/05-10:13:41.000', 'WARN', '[RES] IP Address <IP Address 10.81.2.40>: IsAlive: ARP probe answered after 25000 ms'),
        ],
        signatures: ['slow-call-near-timeout'],
        evidence: [2],
      },
      {
        name: 'a PendingTimeout of 20 s known to the engine (prior) explains an online failure',
        draft: { ...appDeadlock, kind: 'online-failure', entryPoint: 'Online', timeouts: { deadlockTimeoutMs: 300_000, pendingTimeoutMs: 20_000, source: '[=== Resources ===]' } },
        records: [],
        signatures: [],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
