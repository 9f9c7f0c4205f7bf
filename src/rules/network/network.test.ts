import { describe, expect, it } from 'vitest';
import { ruleTests } from '../rule-tester.js';
import { at, cl, eventRecord } from '../test-events.js';
import network from './index.js';

const T0 = '2024/03/05-10:15:00.000';
const ISO = '2024-03-05T10:14:58Z';
const nodeDown = { kind: 'node-down', node: 'NODE1', detectedMs: at(T0) } as const;
const quorumLoss = { kind: 'quorum-loss', node: 'NODE1', detectedMs: at(T0) } as const;
const fswDeadlock = { kind: 'deadlock', resource: 'File Share Witness', resourceType: 'File Share Witness', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;
const diskOnline = { kind: 'online-failure', resource: 'Cluster Disk 3', resourceType: 'Physical Disk', entryPoint: 'Online', detectedMs: at(T0) } as const;
const csvFailure = { kind: 'csv-failure', resource: 'Cluster Disk 1', resourceType: 'Physical Disk', detectedMs: at(T0) } as const;
const ipHealth = { kind: 'health-check-failure', resource: 'Cluster IP Address', resourceType: 'IP Address', entryPoint: 'IsAlive', detectedMs: at(T0) } as const;

describe('network', () => {
  const cases = ruleTests(network, {
    valid: [
      {
        name: 'healthy membership chatter',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:14:10.000', 'INFO', '[IM] Route history 1: Old: 00.500, Message: Response, Route sequence: 150415, Received sequence: 150415, Heartbeats counter/threshold: 0/10, Error: Success, NtStatus: 0'),
          cl('2024/03/05-10:14:11.000', 'INFO', '[NDP] Checking to see if all routes for route (virtual) local fe80::1:~0~ to remote fe80::2:~0~ are down'),
          cl('2024/03/05-10:14:12.000', 'INFO', '[CHANNEL 10.0.0.2:~3343~] graceful close, status (of previous failure, may not indicate problem) (0)'),
          cl('2024/03/05-10:14:13.000', 'INFO', '[GUM] Node 2: Executing locally gumId: 1210, updates: 1, first action: /dm/update'),
        ],
      },
      {
        name: 'a witness share that is readable',
        draft: diskOnline,
        records: [
          cl('2024/03/05-10:14:10.000', 'INFO', '[RES] File Share Witness <File Share Witness>: Attempting to lock file \\\\FS01\\Witness$\\6202f55b\\Witness.log, try 1 of 30.'),
          cl('2024/03/05-10:14:10.001', 'INFO', '[RES] File Share Witness <File Share Witness>: Read 88 bytes from the witness file share.'),
        ],
      },
      {
        name: 'quorum loss alone on a disk incident is not decisive',
        draft: diskOnline,
        records: [cl('2024/03/05-10:14:58.000', 'WARN', 'lost quorum (status = 5925)', '00000fe4.00001628')],
      },
    ],
    invalid: [
      {
        name: 'heartbeats counter at threshold, routes down, node removed, quorum lost (multi-node log)',
        draft: nodeDown,
        records: [
          cl('2024/03/05-10:14:54.000', 'DBG', '[NETFTAPI] Signaled NetftRemoteUnreachable event, local address 10.1.1.8:3343 remote address 10.1.1.12:3343', '0000ab34.00004e64'),
          cl('2024/03/05-10:14:54.000', 'INFO', '[IM] got event: Remote endpoint 10.1.1.12:~3343~ unreachable from 10.1.1.8:~3343~', '0000ab34.00004b38'),
          cl('2024/03/05-10:14:54.000', 'INFO', '[IM] Marking Route from 10.1.1.8:~3343~ to 10.1.1.12:~3343~ as down', '0000ab34.00004b38'),
          cl('2024/03/05-10:14:54.000', 'INFO', '[NDP] All routes for route (virtual) local fe80::8:~0~ to remote fe80::12:~0~ are down', '0000ab34.00004b38'),
          cl(
            '2024/03/05-10:14:54.001',
            'INFO',
            '[IM] Route history 1: Old: 05.936, Message: Response, Route sequence: 88120, Received sequence: 88120, Heartbeats counter/threshold: 10/10, Error: Success, NtStatus: 0 Timestamp: 2024/03/05-10:14:48.000, Ticks since last sending: 4',
            '0000ab34.00004b38',
          ),
          eventRecord(1135, "Cluster node 'NODE12' was removed from the active failover cluster membership. The Cluster service on this node may have stopped.", { at: ISO, node: 'NODE2' }),
          cl('2024/03/05-10:14:58.000', 'ERR', '[QUORUM] Node 8: Lost quorum (3 4 5 6 7 8)', '0000ab34.0000a7c0'),
        ],
        signatures: ['endpoint-unreachable', 'route-down', 'all-routes-down', 'heartbeat-threshold-reached', 'node-removed-event', 'quorum-lost'],
        evidence: [2, 3, 4, 5, 6],
      },
      {
        name: 'missed heartbeats and broken connections before quorum loss',
        draft: quorumLoss,
        records: [
          cl('2024/03/05-10:14:43.000', 'INFO', '[IM] got event: LocalEndpoint 10.1.1.14:~3343~ has missed two consecutive heartbeats from 10.1.1.13:~3343~'),
          cl('2024/03/05-10:14:43.000', 'INFO', '[CHM] Received notification for two consecutive missed HBs to the remote endpoint 10.1.1.13:~3343~ from 10.1.1.14:~3343~'),
          cl('2024/03/05-10:14:51.000', 'INFO', '[RGP] node 1: Node Disconnected 2 00000000000000000000000000000000000000000000000000000000000000010'),
          cl('2024/03/05-10:14:52.000', 'WARN', "[NODE] Node 1: Connection to Node 2 is broken. Reason GracefulClose(1226)' because of 'channel to remote endpoint 10.1.1.13:~3343~ is closed'"),
          cl('2024/03/05-10:14:58.000', 'ERR', 'Quorum lost because failed to update witness epoch after node failure (status = 5925)'),
        ],
        signatures: ['missed-heartbeats', 'connection-broken', 'quorum-lost'],
        evidence: [1, 2, 3, 4],
      },
      {
        name: 'NetFT keep-alive failures and a stalled reconnector (2008 R2)',
        draft: { kind: 'cluster-service-failure', node: 'NODE1', detectedMs: at(T0) },
        records: [
          cl('2024/03/05-10:14:48.993', 'WARN', '[NETFT] Failed to send keep-alive ioctl to NetFT: 0xd0000001', '00003728.000017c8'),
          cl('2024/03/05-10:14:49.507', 'WARN', '[NETFT] Failed to send keep-alive ioctl to NetFT: 0xd0000001', '00003728.00001654'),
          cl('2024/03/05-10:14:51.005', 'INFO', '[Reconnector-] Connection attempt timed out.', '00003728.000047f8'),
        ],
        signatures: ['netft-keepalive-failed', 'reconnect-stalled'],
        evidence: [1, 2, 3],
      },
      {
        name: 'join attempts failing with 10060',
        draft: nodeDown,
        records: [cl('2024/03/05-10:14:40.000', 'INFO', "[NODE] Node 1: New join with n3: stage: 'Attempt Initial Connection' status (10060) reason: 'Failed to connect to remote endpoint 10.1.1.3:~3343~'")],
        signatures: ['connect-failed'],
        evidence: [1],
      },
      {
        name: 'events 1006 and 1129/1130 (network partitioned)',
        draft: nodeDown,
        records: [
          eventRecord(1006, 'Cluster service was halted due to incomplete connectivity with other cluster nodes.', { at: ISO }),
          eventRecord(1130, "Cluster network 'Cluster Network 1' is down. None of the available nodes can communicate using this network.", { at: ISO }),
          eventRecord(null, "Cluster network 'Cluster Network 2' is partitioned. Some attached failover cluster nodes cannot communicate with each other over the network.", { at: ISO }),
        ],
        signatures: ['membership-halt-event', 'network-state-event'],
        evidence: [1, 2],
      },
      {
        name: 'File Share Witness share timing out with error 121',
        draft: fswDeadlock,
        records: [
          cl('2024/03/05-10:10:05.000', 'ERR', '[RES] File Share Witness <File Share Witness>: Failed to create or open directory \\\\FS01\\Witness$\\6202f55b-61b8, error 121.'),
          cl('2024/03/05-10:14:59.000', 'ERR', "[RCM] Arbitrating resource 'File Share Witness' returned error 121", '000008c8.00001cc4'),
          eventRecord(1562, "File share witness resource 'File Share Witness' failed a periodic health check on file share '\\\\FS01\\Witness$'. Please ensure that file share '\\\\FS01\\Witness$' exists and is accessible by the cluster.", {
            at: ISO,
          }),
        ],
        signatures: ['witness-share-timeout', 'witness-event'],
        evidence: [1, 2, 3],
      },
      {
        name: 'witness share path not found (53) and cloud witness unreachable',
        draft: { ...fswDeadlock, kind: 'health-check-failure' },
        records: [
          cl('2024/03/05-10:14:40.000', 'ERR', '[RES] File Share Witness <File Share Witness>: Failed to open \\\\FS02\\Witness\\Witness.log, error 53 (ERROR_BAD_NETPATH).'),
          eventRecord(1568, 'Cloud witness resource could not reach Microsoft Azure storage services. Cluster resource: Cloud Witness', { at: ISO }),
        ],
        signatures: ['share-path-not-found', 'cloud-witness-unreachable'],
        evidence: [1, 2],
      },
      {
        name: 'CSV redirected I/O lost its SMB connection (c000020c)',
        draft: csvFailure,
        records: [
          eventRecord(5120, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') has entered a paused state because of 'STATUS_CONNECTION_DISCONNECTED(c000020c)'. All I/O will temporarily be queued until a path to the volume is reestablished.", { at: ISO }),
          eventRecord(5142, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') is no longer accessible from this cluster node because of error 'ERROR_NETWORK_UNREACHABLE(1231)'. Please troubleshoot this node's connectivity to the storage device and network connectivity.", { at: ISO }),
        ],
        signatures: ['smb-network-status', 'generic-network-unreachable'],
        evidence: [1, 2],
      },
      {
        name: 'CSV I/O timeout is a network-path candidate too (storage wins)',
        draft: csvFailure,
        records: [eventRecord(5120, "Cluster Shared Volume 'Volume1' ('Cluster Disk 1') has entered a paused state because of 'STATUS_IO_TIMEOUT(c00000b5)'.", { at: ISO })],
        signatures: ['csv-io-timeout-path'],
        evidence: [1],
        wins: false,
      },
      {
        name: 'IP interface health check failed, duplicate IP, adapter disconnected',
        draft: ipHealth,
        records: [
          eventRecord(1077, "Health check for IP interface 'Cluster IP Address' (address '10.0.0.50') failed (status is '1168'). Run the Validate a Configuration wizard to ensure that the network adapter is functioning properly.", { at: ISO }),
          eventRecord(1049, "Cluster IP address resource 'Cluster IP Address' cannot be brought online because a duplicate IP address '10.0.0.50' was detected on the network.", { at: ISO }),
          cl('2024/03/05-10:14:50.000', 'WARN', '[RES] IP Address <Cluster IP Address>: Interface Ethernet 2 on adapter vmxnet3 is disconnected (media disconnected)'),
          eventRecord(27, 'Intel(R) Ethernet Connection X722 for 10GbE: Network link is disconnected.', { at: ISO, provider: 'i40ea' }),
        ],
        signatures: ['ip-interface-failed', 'duplicate-ip', 'ip-address-failure', 'nic-link-event'],
        evidence: [1, 2, 3, 4],
      },
      {
        name: 'a NIC disappearing mid-join (driver update)',
        draft: quorumLoss,
        records: [
          cl('2024/03/05-10:14:41.708', 'DBG', '[NETFTAPI] received NsiDeleteInstance for fe80::40bb:a342:8159:3a48'),
          cl('2024/03/05-10:14:41.708', 'WARN', '[NETFTAPI] Failed to query parameters for fe80::40bb:a342:8159:3a48 (status 0x80070490) -- ERROR_NOT_FOUND'),
          cl('2024/03/05-10:14:41.708', 'DBG', '[NETFTAPI] Signaled NetftLocalRemove event for fe80::40bb:a342:8159:3a48'),
        ],
        signatures: ['nic-removed'],
        evidence: [1, 2, 3],
      },
    ],
  });
  for (const c of cases) it(c.name, () => expect(c.run()).toEqual([]));
});
