import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import application from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:58Z';
const agHealth = { kind: 'health-check-failure', resource: 'AG1', resourceType: 'SQL Server Availability Group', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const fciHealth = { kind: 'health-check-failure', resource: 'SQL Server (INST1)', resourceType: 'SQL Server', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const genericApp = { kind: 'online-failure', resource: 'PayrollSvc', resourceType: 'Generic Service', entryPoint: 'Online', detectedMs: at(T0) } as const;
const serviceOffline = { kind: 'offline-failure', resource: 'Contoso Batch', resourceType: 'Generic Service', entryPoint: 'Offline', detectedMs: at(T0) } as const;
const BATCH = '[RES] Generic Service <Contoso Batch>:';
const vendorDeadlock = { kind: 'deadlock', resource: 'Contoso Gateway', resourceType: 'Contoso Gateway', dll: 'contosogw.dll', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const AG = '[RES] SQL Server Availability Group <AG1>: [hadrag]';

describe('application', () => {
  const cases = ruleTests(application, {
    valid: [
      {
        name: 'a normal AG offline during a manual move (Lease Thread terminated is expected)',
        draft: { kind: 'offline-failure', resource: 'Cluster Disk 1', resourceType: 'Physical Disk', detectedMs: at(T0) },
        records: [
          cl('2024/03/05-10:14:42.543', 'INFO', `${AG} Offline request.`),
          cl('2024/03/05-10:14:42.558', 'ERR', `${AG} Lease Thread terminated`),
          cl('2024/03/05-10:14:42.605', 'INFO', `${AG} Free SQL statement`),
          cl('2024/03/05-10:14:42.902', 'INFO', `${AG} Disconnect from SQL Server`),
        ],
      },
      {
        name: 'SQL health evidence does not explain a node removal',
        draft: { kind: 'node-down', node: 'NODE1', detectedMs: at(T0) },
        records: [cl('2024/03/05-10:14:58.000', 'ERR', `${AG} Availability Group lease is no longer valid`)],
      },
      {
        name: 'healthy SQL chatter and a crash in a Windows module',
        draft: { kind: 'deadlock', resource: 'Cluster Disk 1', resourceType: 'Physical Disk', detectedMs: at(T0) },
        records: [
          cl('2024/03/05-10:14:10.000', 'INFO', `${AG} IsAlive request.`),
          cl('2024/03/05-10:14:10.001', 'INFO', `${AG} Resource Alive result 1.`),
          cl('2024/03/05-10:14:11.000', 'INFO', `${AG} Lease renewal succeeded, lease expires at 2024/03/05-10:14:31`),
          eventRecord(1000, 'Faulting application name: rhs.exe, version: 10.0.17763.1, Faulting module name: ntdll.dll, version: 10.0.17763.2300, Exception code: 0xc0000005', { at: ISO, provider: 'Application Error' }),
        ],
      },
      {
        name: 'a service that accepts the stop control and stops is not a stop hang; nor is the cluster service missing an SCM control',
        draft: serviceOffline,
        records: [
          cl('2024/03/05-10:12:00.000', 'INFO', `${BATCH} Service 'CtsBatch' accepted the stop control, state SERVICE_STOP_PENDING (checkpoint 1, wait hint 30000 ms)`),
          cl('2024/03/05-10:12:02.000', 'INFO', `${BATCH} Service 'CtsBatch' stopped`),
          eventRecord(7011, 'A timeout (30000 milliseconds) was reached while waiting for a transaction response from the ClusSvc\nservice.', { at: ISO, provider: 'Service Control Manager' }),
        ],
      },
      {
        name: 'the cluster service itself terminating (7024) is not an application failure',
        draft: genericApp,
        records: [eventRecord(7024, 'The Cluster Service service terminated with the following service-specific error: Quorum lost.', { at: ISO, provider: 'Service Control Manager' })],
      },
    ],
    invalid: [
      {
        name: 'AG health check: diagnostics heartbeat lost (HealthCheckTimeout)',
        draft: agHealth,
        records: [
          cl('2024/03/05-10:14:59.890', 'WARN', '[RES] SQL Server Availability Group: [hadrag] Failed to retrieve data column. Return code -1', '0000211c.00002d70'),
          cl('2024/03/05-10:15:00.000', 'ERR', '[RES] SQL Server Availability Group: [hadrag] Failure detected, diagnostics heartbeat is lost', '0000211c.00002594'),
          cl('2024/03/05-10:15:00.000', 'ERR', `${AG} Availability Group is not healthy with given HealthCheckTimeout and FailureConditionLevel`, '0000211c.00002594'),
          cl('2024/03/05-10:15:00.000', 'ERR', `${AG} Resource Alive result 0.`, '0000211c.00002594'),
          cl('2024/03/05-10:15:00.001', 'WARN', '[RHS] Resource AG1 IsAlive has indicated failure.', '0000211c.00002594'),
        ],
        signatures: ['sql-diagnostics-heartbeat-lost', 'ag-not-healthy', 'alive-result-false'],
        evidence: [2, 3, 4],
      },
      {
        name: 'AG lease expired, SQL events 19407',
        draft: agHealth,
        records: [
          cl('2024/03/05-10:14:58.000', 'ERR', `${AG} Availability Group lease is no longer valid`),
          eventRecord(19407, "The lease between availability group 'AG1' and the Windows Server Failover Cluster has expired.", { at: ISO, provider: 'MSSQLSERVER' }),
        ],
        signatures: ['ag-lease-expired', 'sql-lease-event'],
        evidence: [1, 2],
      },
      {
        name: 'the SQL Server service is not running (FCI)',
        draft: fciHealth,
        records: [
          cl('2024/03/05-10:14:58.000', 'ERR', '[RES] SQL Server <SQL Server (INST1)>: [sqsrvres] QueryServiceStatusEx returned a process id 0'),
          cl('2024/03/05-10:14:58.001', 'ERR', '[RES] SQL Server <SQL Server (INST1)>: [sqsrvres] SQL server service is not alive'),
          eventRecord(7034, 'The SQL Server (INST1) service terminated unexpectedly.  It has done this 1 time(s).', { at: ISO, provider: 'Service Control Manager' }),
        ],
        signatures: ['sql-service-down', 'service-crashed'],
        evidence: [1, 2, 3],
      },
      {
        name: 'a SQL component went to error and the DLL could not connect',
        draft: agHealth,
        records: [
          cl('2024/03/05-10:14:55.000', 'WARN', `${AG} SQL Server component 'query_processing' health state has been changed from 'warning' to 'error'`),
          cl('2024/03/05-10:14:56.000', 'ERR', `${AG} Failure detected, the state of query_processing component is error`),
          cl('2024/03/05-10:14:57.000', 'ERR', `${AG} ODBC Error: [08001] [Microsoft][SQL Server Native Client 11.0]TCP Provider: Timeout error [258].`),
          cl('2024/03/05-10:14:57.001', 'ERR', `${AG} Failed to connect to SQL Server`),
        ],
        signatures: ['sql-component-error', 'sql-connect-failed'],
        evidence: [1, 2, 3, 4],
      },
      {
        name: 'an FCI that cannot start',
        draft: { ...fciHealth, kind: 'online-failure', entryPoint: 'Online' },
        records: [cl('2024/03/05-10:14:58.000', 'ERR', '[RES] SQL Server <SQL Server (INST1)>: [sqsrvres] OnlineThread: Error 435 bringing resource online.')],
        signatures: ['sql-online-error'],
        evidence: [1],
      },
      {
        name: 'generic service and generic script failures',
        draft: genericApp,
        records: [
          eventRecord(1041, "Cluster generic service 'PayrollSvc' failed.", { at: ISO }),
          eventRecord(1232, "Entry point 'Online' in cluster generic script resource 'PayrollScript' did not complete execution in a timely manner.", { at: ISO }),
        ],
        signatures: ['generic-resource-event', 'generic-script-timeout'],
        evidence: [1, 2],
      },
      {
        name: 'a service that never stops: Offline stays pending until the cluster terminates it',
        draft: serviceOffline,
        records: [
          cl('2024/03/05-10:12:00.061', 'INFO', `${BATCH} Service 'CtsBatch' accepted the stop control, state SERVICE_STOP_PENDING (checkpoint 1, wait hint 30000 ms)`),
          // Format-List wraps the message at the console width.
          eventRecord(7011, 'A timeout (30000 milliseconds) was reached while waiting for a transaction response from the CtsBatch\nservice.', { at: '2024-03-05T10:12:30Z', provider: 'Service Control Manager' }),
          cl('2024/03/05-10:13:30.100', 'WARN', `${BATCH} Service 'CtsBatch' is still in state SERVICE_STOP_PENDING (checkpoint 4, wait hint 30000 ms), 90 seconds after the stop control`),
          cl('2024/03/05-10:15:00.041', 'WARN', `${BATCH} Terminate: service 'CtsBatch' did not stop, terminating its process (pid 6620)`),
        ],
        signatures: ['service-stop-hang', 'service-control-timeout'],
        evidence: [2, 3, 4],
      },
      {
        name: 'an access violation in a vendor resource DLL',
        draft: vendorDeadlock,
        records: [
          eventRecord(1000, 'Faulting application name: rhs.exe, version: 10.0.17763.1\nFaulting module name: contosogw.dll, version: 4.2.0.7\nException code: 0xc0000005\nFault offset: 0x000000000001a2b4', {
            at: ISO,
            provider: 'Application Error',
          }),
        ],
        signatures: ['third-party-dll-crash'],
        evidence: [1],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));

  it('names the service of a 7011 whose message was wrapped by the export', () => {
    const sig = application.signatures.find((x) => x.name === 'service-control-timeout');
    const e = eventRecord(7011, 'A timeout (30000 milliseconds) was reached while waiting for a transaction response from the CtsBatch\nservice.', { at: ISO });
    expect(sig?.explain(e)).toBe('Event 7011: the CtsBatch service did not answer the Service Control Manager in time.');
  });
});
