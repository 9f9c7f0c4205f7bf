import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import dns from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:40Z';
const netnameDeadlock = {
  kind: 'deadlock',
  node: 'NODE1',
  resource: 'Cluster Name',
  resourceType: 'Network Name',
  entryPoint: 'IsAlive',
  detectedMs: at(T0),
} as const;
const diskOnline = { kind: 'online-failure', resource: 'Cluster Disk 2', resourceType: 'Physical Disk', detectedMs: at(T0) } as const;

describe('dns', () => {
  const cases = ruleTests(dns, {
    valid: [
      {
        name: 'a healthy DNS health check on a Network Name does not explain a disk failure',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:14:10.000', 'INFO', '[RES] Network Name <Cluster Name>: Dns: HealthCheck: Cluster Name, record update not needed, status 0'),
          cl('2024/03/05-10:14:20.000', 'INFO', '[RES] Network Name <APP1>: Netbios: Slow Operation check skipped, 0 pending'),
        ],
      },
      {
        name: 'a 5910 from a non-netname resource control is not DNS',
        draft: diskOnline,
        records: [cl('2024/03/05-10:14:59.000', 'WARN', '[RCM] ResourceControl(STORAGE_GET_DISK_INFO_EX) to Cluster Disk 2 returned 5910.', '000008c8.00002528')],
      },
      {
        name: 'event 4013 of another provider is not the DNS server event',
        draft: diskOnline,
        records: [eventRecord(4013, 'The backup job completed with warnings.', { at: ISO, provider: 'Contoso-Backup' })],
      },
      {
        name: 'a DNS registration that succeeded',
        draft: diskOnline,
        records: [cl('2024/03/05-10:14:50.000', 'INFO', '[RES] Network Name <APP1>: Dns: DNS registration of A record app1.contoso.com succeeded')],
      },
    ],
    invalid: [
      {
        name: 'event 1196 with "DNS operation refused" (9005) for the stuck Network Name',
        draft: netnameDeadlock,
        records: [
          eventRecord(
            1196,
            "Cluster network name resource 'Cluster Name' failed registration of one or more associated DNS name(s) for the following reason:\nDNS operation refused.\n\nEnsure that the network adapters associated with dependent IP address resources are configured with at least one accessible DNS server.",
            { at: ISO, params: { resource: 'Cluster Name' } },
          ),
        ],
        signatures: ['registration-failed-event', 'dns-error-code'],
        evidence: [1],
      },
      {
        name: 'event 1196 identified by its text when the export has no id',
        draft: netnameDeadlock,
        records: [
          eventRecord(null, "Cluster network name resource 'Cluster Name' failed registration of one or more associated DNS name(s) for the following reason: DNS server failure.", {
            at: ISO,
          }),
        ],
        signatures: ['registration-failed-event', 'dns-error-code'],
        evidence: [1],
      },
      {
        name: 'event 1580: the DNS server could not be contacted',
        draft: netnameDeadlock,
        records: [eventRecord(1580, "Cluster network name resource 'Cluster Name' failed to register the name. The DNS server could not be contacted.", { at: ISO })],
        signatures: ['server-unreachable-event'],
        evidence: [1],
      },
      {
        name: 'event 1257: the secure zone refused the update',
        draft: { ...netnameDeadlock, kind: 'online-failure', entryPoint: 'Online' },
        records: [
          eventRecord(
            1257,
            "Cluster network name resource failed registration of one or more associated DNS name(s) because the access to update the secure DNS Zone was denied.\n\nCluster Network name: 'Cluster Name'\nDNS Zone: 'contoso.com'",
            { at: ISO },
          ),
        ],
        signatures: ['update-rejected-event'],
        evidence: [1],
      },
      {
        name: 'event 1259: clean-up of old records failed',
        draft: netnameDeadlock,
        records: [eventRecord(1259, "Cluster network name resource 'Cluster Name' failed to clean up DNS records of the old address.", { at: ISO })],
        signatures: ['other-dns-event'],
        evidence: [1],
      },
      {
        name: 'RES line with DNS_ERROR_RCODE_SERVER_FAILURE (9002) on the stuck thread',
        draft: { ...netnameDeadlock, stuckThread: { pid: 0xf1c, tid: 0xf28 } },
        records: [
          cl('2024/03/05-10:10:01.000', 'INFO', '[RES] Network Name <Cluster Name>: Dns: Refreshing A record cluster.contoso.com on 10.0.0.10'),
          cl('2024/03/05-10:10:16.000', 'WARN', '[RES] Network Name <Cluster Name>: Dns: DnsUpdate of A record cluster.contoso.com returned error 9002 (DNS_ERROR_RCODE_SERVER_FAILURE)'),
          cl(T0, 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call ISALIVE timed out for resource 'Cluster Name'."),
        ],
        signatures: ['dns-error-code', 'update-failed'],
        evidence: [2],
      },
      {
        name: 'Dns: HealthCheck failure with 1460 on a Distributed Network Name',
        draft: { ...netnameDeadlock, resource: 'CAU-CL1', resourceType: 'Distributed Network Name' },
        records: [cl('2024/03/05-10:14:30.000', 'ERR', '[RES] Distributed Network Name <CAU-CL1>: Dns: HealthCheck: CAU-CL1, failed to refresh A record, status 1460')],
        signatures: ['health-check-failed', 'netname-timeout'],
        evidence: [1],
      },
      {
        name: 'Dns: End of Slow Operation',
        draft: netnameDeadlock,
        records: [cl('2024/03/05-10:14:55.000', 'INFO', '[RES] Network Name <Cluster Name>: Dns: End of Slow Operation, state: Initialized/Reading, prevWorkState: Reading')],
        signatures: ['slow-operation'],
        evidence: [1],
      },
      {
        name: 'a DNS query that timed out',
        draft: netnameDeadlock,
        records: [cl('2024/03/05-10:14:20.000', 'WARN', '[RES] Network Name <Cluster Name>: Dns: Query for A record cluster.contoso.com on 10.0.0.2 timed out after 15000 ms')],
        signatures: ['query-timeout'],
        evidence: [1],
      },
      {
        name: 'a name registration failure on a Network Name',
        draft: { ...netnameDeadlock, resource: 'APP1', kind: 'online-failure', entryPoint: 'Online' },
        records: [cl('2024/03/05-10:14:20.000', 'ERR', '[RES] Network Name <APP1>: Name registration of APP1 on adapter Cluster Network 1 failed')],
        signatures: ['netname-registration-failed'],
        evidence: [1],
      },
      {
        name: 'a failed lookup (DNS name does not exist)',
        draft: netnameDeadlock,
        records: [cl('2024/03/05-10:14:20.000', 'WARN', '[RES] Network Name <Cluster Name>: Could not resolve dc01.contoso.com: DNS name does not exist.')],
        signatures: ['name-resolution-failed'],
        evidence: [1],
      },
      {
        name: 'LooksAlive deadlock of Cluster Name after a GET_NETWORK_NAME control returned 5910 (type unknown, 2008 wording)',
        draft: { kind: 'deadlock', resource: 'Cluster Name', entryPoint: 'LooksAlive', detectedMs: at('2024/03/05-10:15:00.109') },
        records: [
          cl('2024/03/05-10:15:00.000', 'WARN', '[RCM] ResourceControl(GET_NETWORK_NAME) to Network Name (app1) returned 5910.', '000008c8.00002528'),
          cl('2024/03/05-10:15:00.109', 'ERR', "[RHS] RhsCall::DeadlockMonitor: Call LOOKSALIVE timed out for resource 'Cluster Name'."),
          cl('2024/03/05-10:15:00.109', 'ERR', '[RHS] Resource Cluster Name handling deadlock. Cleaning current operation and terminating RHS process.'),
        ],
        signatures: ['network-name-control-timeout'],
        evidence: [1],
      },
      {
        name: 'event 1566: the Network Name timed out during DNS registration',
        draft: { ...netnameDeadlock, resource: 'APP1', kind: 'online-failure' },
        records: [
          eventRecord(
            1566,
            "Cluster network name resource 'APP1' cannot be brought online. The network name resource was terminated by the resource host subsystem because it did not complete an operation in an acceptable time. The operation timed out while performing: 'Dns registration'",
            { at: ISO },
          ),
        ],
        signatures: ['netname-operation-timed-out', 'query-timeout'],
        evidence: [1],
      },
      {
        name: 'NETLOGON 5774 (9502) and DNS server 4013 on the domain side',
        draft: netnameDeadlock,
        records: [
          eventRecord(
            5774,
            "The dynamic registration of the DNS record '_ldap._tcp.contoso.com. 600 IN SRV 0 100 389 dc01.contoso.com.' failed on the following DNS server: 10.0.0.2. ERROR: DNS bad packet. (9502)",
            { at: ISO, provider: 'NETLOGON', node: 'DC01' },
          ),
          eventRecord(4013, 'The DNS server is waiting for Active Directory Domain Services (AD DS) to signal that the initial synchronization of the directory has been completed.', {
            at: ISO,
            provider: 'Microsoft-Windows-DNS-Server-Service',
            node: 'DC01',
          }),
        ],
        signatures: ['netlogon-dns-registration', 'dns-server-waiting-for-ad', 'dns-error-code'],
        evidence: [1, 2],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
